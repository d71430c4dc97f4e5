/**
 * The Interactions API goes through the same guard as generateContent: whatever answers at the
 * Base URL cannot redirect the key elsewhere, flood the process, stall it past the timeout or
 * keep a background run going forever. Each case asserts what the user reads.
 */
import type { RunResult } from '../harness';
import { sendJson, startHostileServer } from './hostile-server';
import type { HostileServer } from './hostile-server';
import { model, pngBytes, runGeminiImage, useSimulator } from './setup';

const simulator = useSimulator();
const servers: HostileServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function hostile(handler: Parameters<typeof startHostileServer>[0]) {
	const server = await startHostileServer(handler);
	servers.push(server);
	return server;
}

const PNG = pngBytes(32, 24).toString('base64');

const interaction = (status: string, data?: string) => ({
	id: 'v1_hostile',
	status,
	model: 'gemini-3-pro-image',
	steps: data
		? [{ type: 'model_output', content: [{ type: 'image', mime_type: 'image/png', data }] }]
		: [],
});

/** One item, on a new node (Interactions), against `baseUrl`, under Continue On Fail. */
function runAgainst(baseUrl: string, options: Record<string, unknown> = {}) {
	return runGeminiImage(
		simulator(),
		{
			operation: 'generate',
			model: model('gemini-3-pro-image'),
			prompt: 'A lighthouse at dawn',
			options: { maxRetries: 0, ...options },
		},
		{ continueOnFail: true, credentials: { baseUrl }, typeVersion: 1.2 },
	);
}

function errorOf(result: RunResult): { message: string; description?: string; reason?: string } {
	expect(result.items).toHaveLength(1);
	expect(result.items[0].binary).toBeUndefined();
	return result.items[0].json.error as unknown as { message: string; reason?: string };
}

describe('a hostile endpoint on the Interactions API', () => {
	it('a redirect is refused: nothing, the key included, reaches the other host', async () => {
		const elsewhere = await hostile((_request, res) =>
			sendJson(res, 200, interaction('completed', PNG)),
		);
		const base = await hostile((request, res) => {
			res.writeHead(307, { location: `${elsewhere.url}/steal${request.url}` });
			res.end();
		});
		const error = errorOf(await runAgainst(base.url));
		expect(error.message).toBe(
			`Gemini API endpoint answer refused for item 0: the endpoint answered HTTP 307 with a redirect to ${elsewhere.url}/steal/v1beta/interactions; redirects are not followed, so nothing (the API key included) was sent there`,
		);
		expect(elsewhere.requests).toEqual([]);
	});

	it('an answer larger than the bound is not read', async () => {
		const base = await hostile((_request, res) => {
			res.writeHead(200, {
				'content-type': 'application/json',
				'content-length': String(70 * 1024 * 1024),
			});
			res.end();
		});
		const error = errorOf(await runAgainst(base.url));
		expect(error.message).toContain('the answer is larger than 64 MB, the most the node reads');
	});

	it('an image that is not one is never passed on', async () => {
		const base = await hostile((_request, res) =>
			sendJson(
				res,
				200,
				interaction('completed', Buffer.from('not an image at all').toString('base64')),
			),
		);
		const error = errorOf(await runAgainst(base.url));
		expect(error.message).toContain('the API returned an unreadable image');
	});

	it('a create that never answers ends at the request timeout', async () => {
		const base = await hostile(() => undefined);
		const started = Date.now();
		const error = errorOf(await runAgainst(base.url, { timeoutSeconds: 10 }));
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(error.message).toContain('item 0');
		expect(error.reason).toBe('TIMEOUT');
	}, 30_000);

	it('a background run that never finishes is cancelled at the request timeout, not waited on', async () => {
		const base = await hostile((request, res) => {
			if (request.url.endsWith('/cancel')) return sendJson(res, 200, interaction('cancelled'));
			sendJson(res, 200, interaction('in_progress'));
		});
		const started = Date.now();
		const error = errorOf(await runAgainst(base.url, { background: true, timeoutSeconds: 10 }));
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(error.message).toContain(
			'the background interaction v1_hostile was still running after',
		);
		expect(error.reason).toBe('TIMEOUT');
		const cancels = base.requests.filter((request) => request.url.includes('/cancel'));
		expect(cancels).toHaveLength(1);
		// The first create, then polls, then the cancel: no second create (it would be billed).
		expect(
			base.requests.filter(
				(request) => request.method === 'POST' && request.url === '/v1beta/interactions',
			),
		).toHaveLength(1);
	}, 30_000);
});
