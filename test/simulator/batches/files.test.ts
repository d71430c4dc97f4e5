import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiError } from '@google/genai';
import { imageRequest, jsonlLine, waitForBatch } from './test-helpers';
import { probeImage } from '../images/probe';
import { expectedPixelSize } from '../models/pixel-sizes';
import { startSimulator } from '../server/server';
import { client, get } from '../test-helpers';
import type { Simulator } from '../types';

const MODEL = 'gemini-nano-banana-2.1';
let sim: Simulator;
let dir: string;
beforeAll(async () => {
	sim = await startSimulator({ batchPendingMs: 50, batchRunMs: 100 });
	dir = mkdtempSync(join(tmpdir(), 'batches-test-'));
});
afterAll(async () => {
	await sim.close();
	rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

async function uploadJsonl(lines: string[], displayName = 'requests.jsonl'): Promise<string> {
	const file = await client(sim).files.upload({
		file: new Blob([`${lines.join('\n')}\n`]),
		config: { mimeType: 'jsonl', displayName },
	});
	return file.name!;
}

async function download(fileName: string): Promise<Buffer> {
	const path = join(dir, `${fileName.replace('/', '_')}.jsonl`);
	await client(sim).files.download({ file: fileName, downloadPath: path });
	return readFileSync(path);
}

describe('Batch API, file input and output', () => {
	it('runs a JSONL file and answers a results file with every key once, shuffled', async () => {
		const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
		const input = await uploadJsonl([
			...keys.slice(0, 4).map((k) => jsonlLine(k, `a lighthouse ${k}`)),
			jsonlLine('k4', 'a lighthouse [sim:prohibited]'),
			jsonlLine('k5', 'a lighthouse [sim:503]'),
		]);
		const ai = client(sim);
		const created = await ai.batches.create({
			model: MODEL,
			src: input,
			config: { displayName: 'lighthouses' },
		});
		expect(created.state).toBe('JOB_STATE_PENDING');
		const { job } = await waitForBatch(ai, created.name!);
		expect(job.state).toBe('JOB_STATE_SUCCEEDED');
		const id = created.name!.slice('batches/'.length);
		expect(job.dest).toEqual({ fileName: `files/batch-${id}` });

		const raw = await get(sim, `/v1beta/${created.name}`);
		expect(raw.body.metadata.inputConfig).toEqual({ fileName: input });
		expect(raw.body.response).toMatchObject({ responsesFile: `files/batch-${id}` });
		expect(raw.body.metadata.batchStats).toEqual({
			requestCount: '6',
			successfulRequestCount: '5',
			failedRequestCount: '1',
		});

		const bytes = await download(job.dest!.fileName!);
		const download_ = sim.requests.find((r) => r.path.endsWith(':download'));
		expect(download_).toMatchObject({
			method: 'GET',
			path: `/v1beta/files/batch-${id}:download`,
			query: { alt: 'media' },
			status: 200,
		});
		const lines = bytes
			.toString('utf8')
			.trimEnd()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines.map((l) => l.key).sort()).toEqual(keys);
		expect(lines.map((l) => l.key)).not.toEqual(keys);
		const byKey = Object.fromEntries(lines.map((l) => [l.key, l]));
		const image = byKey.k0.response.candidates[0].content.parts.at(-1);
		expect(image.inlineData.mimeType).toBe('image/jpeg');
		expect(image.thoughtSignature.length).toBeGreaterThan(590_000);
		expect(byKey.k4.response.candidates[0].finishReason).toBe('IMAGE_PROHIBITED_CONTENT');
		expect(byKey.k5.error).toEqual({
			code: 14,
			message: 'The model is overloaded. Please try again later.',
		});

		const again = await download(job.dest!.fileName!);
		expect(again.equals(bytes)).toBe(true);
		const resource = await ai.files.get({ name: job.dest!.fileName! });
		expect(resource).toMatchObject({
			source: 'GENERATED',
			state: 'ACTIVE',
			sizeBytes: String(bytes.length),
			downloadUri: expect.stringContaining(`/download/v1beta/files/batch-${id}:download`),
		});
		const viaDownloadPath = await fetch(resource.downloadUri!, {
			headers: { 'x-goog-api-key': sim.apiKey },
		});
		expect(Buffer.from(await viaDownloadPath.arrayBuffer()).equals(bytes)).toBe(true);
	});

	it('turns a broken line into that line error and keeps the rest', async () => {
		const input = await uploadJsonl([
			jsonlLine('good', 'a boat'),
			'{"key": "broken", "request": ',
			JSON.stringify({ key: 'unknown-field', request: { contents: [], foo: 1 } }),
		]);
		const ai = client(sim);
		const created = await ai.batches.create({ model: MODEL, src: input });
		const { job } = await waitForBatch(ai, created.name!);
		const lines = (await download(job.dest!.fileName!)).toString().trimEnd().split('\n');
		const parsed = lines.map((l) => JSON.parse(l));
		expect(parsed.filter((l) => l.response).map((l) => l.key)).toEqual(['good']);
		const errors = parsed.filter((l) => l.error);
		expect(errors).toHaveLength(2);
		expect(errors.every((l) => l.error.code === 3)).toBe(true);
		expect(errors.find((l) => l.key === 'unknown-field').error.message).toContain(
			'Unknown name "foo"',
		);
	});

	it('refuses a missing input file, and will not download an uploaded one', async () => {
		const ai = client(sim);
		const missing = await ai.batches
			.create({ model: MODEL, src: 'files/nosuchfile' })
			.catch((e: unknown) => e);
		expect((missing as ApiError).status).toBe(403);
		const input = await uploadJsonl([jsonlLine('a', 'b')]);
		const error = await ai.files
			.download({ file: input, downloadPath: join(dir, 'nope') })
			.catch((e: unknown) => e);
		expect((error as ApiError).status).toBe(400);
		expect((error as ApiError).message).toContain('Only generated files can be downloaded');
	});

	it('hides the results file until the job has succeeded', async () => {
		const slow = await startSimulator({ batchPendingMs: 60_000 });
		try {
			const ai = client(slow);
			const file = await ai.files.upload({
				file: new Blob([jsonlLine('a', 'b')]),
				config: { mimeType: 'jsonl' },
			});
			const created = await ai.batches.create({ model: MODEL, src: file.name! });
			const id = created.name!.slice('batches/'.length);
			const early = await get(slow, `/v1beta/files/batch-${id}:download?alt=media`);
			expect(early.status).toBe(403);
		} finally {
			await slow.close();
		}
	});
});

describe('Batch API, live sizes', () => {
	it('answers a 4K image batch at live size, inline and in a results file', async () => {
		const ai = client(sim);
		const size = expectedPixelSize(MODEL, '16:9', '4K');
		const inline = await ai.batches.create({
			model: MODEL,
			src: [
				imageRequest('a mountain range at dawn', 'inline-4k', {
					aspectRatio: '16:9',
					imageSize: '4K',
				}),
			],
		});
		const input = await uploadJsonl([
			jsonlLine('file-4k-a', 'a city at night', { aspectRatio: '16:9', imageSize: '4K' }),
			jsonlLine('file-4k-b', 'a desert at noon', { aspectRatio: '16:9', imageSize: '4K' }),
		]);
		const fileJob = await ai.batches.create({ model: MODEL, src: input });

		const { job } = await waitForBatch(ai, inline.name!);
		const part = job.dest!.inlinedResponses![0].response!.candidates![0].content!.parts!.at(-1)!;
		const bytes = Buffer.from(part.inlineData!.data!, 'base64');
		expect(probeImage(bytes)).toMatchObject({ format: 'jpeg', ...size });
		expect(bytes.length).toBeGreaterThan(4_000_000);
		expect(part.thoughtSignature!.length).toBeGreaterThan(590_000);

		const done = await waitForBatch(ai, fileJob.name!);
		const path = join(dir, '4k.jsonl');
		await ai.files.download({ file: done.job.dest!.fileName!, downloadPath: path });
		expect(statSync(path).size).toBeGreaterThan(2 * 6_000_000);
		const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
		for (const line of lines) {
			const image = JSON.parse(line).response.candidates[0].content.parts.at(-1).inlineData;
			expect(probeImage(Buffer.from(image.data, 'base64'))).toMatchObject(size);
		}
	}, 60_000);
});
