/**
 * A batch's results file comes from whatever answers at the Base URL: it may redirect the
 * download, stall halfway, flood lines or send one endless line. The node reads it line by
 * line within the same bounds as every other answer.
 */
import type { ServerResponse } from 'node:http';

import { answerWithImage, sendJson, startHostileServer } from './hostile-server';
import type { HostileServer, SeenRequest } from './hostile-server';
import { pngBytes, runGeminiImage, useSimulator } from './setup';

const simulator = useSimulator();
const servers: HostileServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

const PNG = pngBytes(32, 24).toString('base64');
const line = (item: number) =>
	`${JSON.stringify({ key: JSON.stringify({ item, image: 1 }), response: answerWithImage(PNG) })}\n`;

/** A job of `count` requests, succeeded, whose results file `download` answers. */
async function hostileJob(
	count: number,
	download: (request: SeenRequest, res: ServerResponse) => void,
) {
	const server = await startHostileServer((request, res) => {
		if (request.url.includes(':download')) return download(request, res);
		sendJson(res, 200, {
			name: 'batches/hostile',
			metadata: {
				state: 'BATCH_STATE_SUCCEEDED',
				model: 'models/gemini-nano-banana-2.1',
				batchStats: { requestCount: String(count), successfulRequestCount: String(count) },
				output: { responsesFile: 'files/batch-hostile' },
			},
			done: true,
		});
	});
	servers.push(server);
	return server;
}

function collect(baseUrl: string) {
	return runGeminiImage(
		simulator(),
		{
			resource: 'batch',
			operation: 'getBatchResults',
			batchJob: { __rl: true, mode: 'name', value: 'batches/hostile' },
			options: { timeoutSeconds: 10, maxRetries: 0 },
		},
		{ continueOnFail: true, credentials: { baseUrl }, typeVersion: 1.2 },
	);
}

const messageOf = (result: Awaited<ReturnType<typeof collect>>) =>
	(result.items[0].json.error as { message: string }).message;

describe('a hostile results file', () => {
	it('is read as it arrives: two good lines give two images in order', async () => {
		const server = await hostileJob(2, (_request, res) => {
			res.writeHead(200, { 'content-type': 'application/jsonl' });
			res.end(line(1) + line(0));
		});
		const result = await collect(server.url);
		expect(result.items.map((item) => item.json.itemIndex)).toEqual([0, 1]);
		// The download sent the key as a header, to the Base URL only.
		const download = server.requests.find((request) => request.url.includes(':download'));
		expect(download?.headers['x-goog-api-key']).toBe(simulator().apiKey);
		expect(download?.url).toBe('/download/v1beta/files/batch-hostile:download?alt=media');
	});

	it('a redirected download is refused, nothing sent elsewhere', async () => {
		const elsewhere = await startHostileServer((_request, res) => sendJson(res, 200, {}));
		servers.push(elsewhere);
		const server = await hostileJob(1, (_request, res) => {
			res.writeHead(302, { location: `${elsewhere.url}/steal` });
			res.end();
		});
		expect(messageOf(await collect(server.url))).toContain(
			'with a redirect for the results file; redirects are not followed',
		);
		expect(elsewhere.requests).toEqual([]);
	});

	it('more lines than the job has requests stop the read', async () => {
		const server = await hostileJob(2, (_request, res) => {
			res.writeHead(200);
			res.end(line(0) + line(1) + line(2) + line(3));
		});
		expect(messageOf(await collect(server.url))).toContain(
			'the results file holds more lines than the job has requests (2)',
		);
	});

	it('a download that stalls halfway ends at the request timeout', async () => {
		const server = await hostileJob(2, (_request, res) => {
			res.writeHead(200);
			res.write(line(0));
		});
		const started = Date.now();
		const result = await collect(server.url);
		expect(Date.now() - started).toBeLessThan(20_000);
		expect((result.items[0].json.error as { reason: string }).reason).toBe('TIMEOUT');
	}, 30_000);

	it('an endless line is cut at the bound, not held', async () => {
		const server = await hostileJob(1, (_request, res) => {
			res.writeHead(200);
			const chunk = Buffer.alloc(1024 * 1024, 0x61);
			let sent = 0;
			const push = () => {
				while (sent < 70 && res.write(chunk)) sent++;
				if (sent < 70) res.once('drain', push);
				else res.end();
			};
			push();
		});
		expect(messageOf(await collect(server.url))).toContain(
			'a line of the results file is larger than 64 MB',
		);
	}, 30_000);
});
