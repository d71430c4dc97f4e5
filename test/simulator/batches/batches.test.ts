import type { ApiError } from '@google/genai';
import { forceBatchState, imageRequest, waitForBatch } from './test-helpers';
import { startSimulator } from '../server/server';
import { client, get, post } from '../test-helpers';
import type { Simulator } from '../types';

const MODEL = 'gemini-nano-banana-2.1';
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ batchPendingMs: 200, batchRunMs: 400, signatureBytes: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('Batch API, inline requests', () => {
	it('creates a PENDING job, runs it, and answers every request in order with its metadata', async () => {
		const ai = client(sim);
		const created = await ai.batches.create({
			model: MODEL,
			src: [imageRequest('a red fox', 'fox'), imageRequest('a blue whale', 'whale')],
			config: { displayName: 'animals' },
		});
		expect(created).toMatchObject({
			name: expect.stringMatching(/^batches\/[a-z0-9]{36}$/),
			displayName: 'animals',
			state: 'JOB_STATE_PENDING',
			model: `models/${MODEL}`,
			createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/),
		});
		const create = sim.requests.find((r) => r.path.endsWith(':batchGenerateContent'));
		expect(create).toMatchObject({ method: 'POST', model: MODEL, status: 200 });
		expect((create?.body as any).batch.inputConfig.requests.requests).toHaveLength(2);

		const { job, seen } = await waitForBatch(ai, created.name!);
		expect(seen).toEqual(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
		expect(job.endTime).toEqual(expect.any(String));
		const responses = job.dest?.inlinedResponses ?? [];
		expect(responses.map((r) => r.metadata)).toEqual([{ key: 'fox' }, { key: 'whale' }]);
		for (const r of responses) {
			const parts = r.response?.candidates?.[0]?.content?.parts ?? [];
			expect(parts.at(-1)?.inlineData?.mimeType).toBe('image/jpeg');
			expect(r.error).toBeUndefined();
		}
		const polls = sim.requests.filter(
			(r) => r.method === 'GET' && r.path === `/v1beta/${created.name}`,
		);
		expect(polls.length).toBeGreaterThanOrEqual(seen.length);
	});

	it('shows the live operation shape: metadata, batchStats as strings, output twice', async () => {
		const ai = client(sim);
		const created = await ai.batches.create({ model: MODEL, src: [imageRequest('a kite', 'k')] });
		const pending = await get(sim, `/v1beta/${created.name}`);
		expect(pending.body).toEqual({
			name: created.name,
			metadata: {
				'@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
				model: `models/${MODEL}`,
				createTime: expect.any(String),
				updateTime: expect.any(String),
				batchStats: { requestCount: '1', pendingRequestCount: '1' },
				state: 'BATCH_STATE_PENDING',
				name: created.name,
			},
		});
		await waitForBatch(ai, created.name!);
		const { body } = await get(sim, `/v1beta/${created.name}`);
		expect(body.done).toBe(true);
		expect(body.metadata).toMatchObject({
			state: 'BATCH_STATE_SUCCEEDED',
			batchStats: { requestCount: '1', successfulRequestCount: '1' },
			endTime: expect.any(String),
		});
		expect(body.metadata.batchStats.pendingRequestCount).toBeUndefined();
		expect(body.response['@type']).toMatch(/v1main\.GenerateContentBatchOutput$/);
		expect(body.response.inlinedResponses).toEqual(body.metadata.output.inlinedResponses);
	});

	it('answers each request through generateContent: refusals and errors stay on their own line', async () => {
		const ai = client(sim);
		const created = await ai.batches.create({
			model: MODEL,
			src: [
				imageRequest('a cat', 'ok'),
				imageRequest('a cat [sim:refusal]', 'refused'),
				imageRequest('a cat [sim:400]', 'bad'),
				imageRequest('a cat [sim:429]', 'quota'),
				imageRequest('a cat', 'ratio', { aspectRatio: '7:3' }),
				imageRequest('a cat [sim:oops]', 'typo'),
			],
		});
		const { job } = await waitForBatch(ai, created.name!);
		const byKey = Object.fromEntries(
			(job.dest?.inlinedResponses ?? []).map((r) => [(r.metadata as any).key, r]),
		);
		expect(byKey.ok.response?.candidates?.[0]?.finishReason).toBe('STOP');
		// The SDK's candidate converter keeps finishReason and drops finishMessage; the body has both.
		expect(byKey.refused.response?.candidates?.[0]?.finishReason).toBe('IMAGE_SAFETY');
		expect(byKey.bad.error).toEqual({ code: 3, message: 'Request contains an invalid argument.' });
		expect(byKey.quota.error?.code).toBe(8);
		expect(JSON.stringify(byKey.quota.error)).toContain('"retryDelay":"15s"');
		expect(byKey.ratio.error).toMatchObject({ code: 3, message: expect.stringContaining('7:3') });
		expect(byKey.typo.error?.message).toMatch(/Unknown simulator marker \[sim:oops\]/);
		const { body } = await get(sim, `/v1beta/${created.name}`);
		expect(body.response.inlinedResponses.inlinedResponses[1]).toMatchObject({
			response: {
				candidates: [{ finishReason: 'IMAGE_SAFETY', finishMessage: expect.any(String) }],
			},
			metadata: { key: 'refused' },
		});
		expect(body.metadata.batchStats).toEqual({
			requestCount: '6',
			successfulRequestCount: '2',
			failedRequestCount: '4',
		});
	});

	it('refuses an unknown field of an inline request (REST, snake_case) with the front end 400', async () => {
		const request = { contents: [{ parts: [{ text: 'x' }] }], generation_config: { foo: 1 } };
		const answer = await post(sim, `/v1beta/models/${MODEL}:batchGenerateContent`, {
			batch: { display_name: 'rest', input_config: { requests: { requests: [{ request }] } } },
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			'Invalid JSON payload received. Unknown name "foo" at \'batch.input_config.requests.requests[0].request.generation_config\': Cannot find field.',
		);
	});

	it('answers 404 for a model it does not serve', async () => {
		const error = await client(sim)
			.batches.create({ model: 'gemini-9-ultra-image', src: [imageRequest('x', 'k')] })
			.catch((e: unknown) => e);
		expect((error as ApiError).status).toBe(404);
		expect((error as ApiError).message).toContain('not supported for batchGenerateContent');
	});

	it('answers 504 to a get whose inline answers are too large to send, as live', async () => {
		const small = await startSimulator({
			batchPendingMs: 0,
			batchRunMs: 0,
			batchInlineGetLimitBytes: 50_000,
		});
		try {
			const ai = client(small);
			const created = await ai.batches.create({ model: MODEL, src: [imageRequest('a', 'a')] });
			await fetch(`${small.url}/__simulator/${created.name}/state`, {
				method: 'POST',
				body: JSON.stringify({ state: 'SUCCEEDED' }),
			});
			const answer = await get(small, `/v1beta/${created.name}`);
			expect(answer.status).toBe(504);
			expect(answer.body.error.status).toBe('DEADLINE_EXCEEDED');
		} finally {
			await small.close();
		}
	});

	it('refuses inline requests over 20 MB with a 400 that says to use a file', async () => {
		const big = 'x'.repeat(21 * 1024 * 1024);
		const error = await client(sim)
			.batches.create({ model: MODEL, src: [imageRequest(big, 'big')] })
			.catch((e: unknown) => e);
		expect((error as ApiError).status).toBe(400);
		expect((error as ApiError).message).toMatch(/exceeds the limit: 20971520 bytes/);
		expect((error as ApiError).message).toMatch(/JSONL file/);
		expect(sim.requests.at(-1)).toMatchObject({ status: 400 });
	});
});

describe('Batch API, lifecycle', () => {
	it('cancels a pending job; a finished one cannot be cancelled', async () => {
		const ai = client(sim);
		const created = await ai.batches.create({ model: MODEL, src: [imageRequest('a', 'a')] });
		await ai.batches.cancel({ name: created.name! });
		expect((await ai.batches.get({ name: created.name! })).state).toBe('JOB_STATE_CANCELLED');
		const { body } = await get(sim, `/v1beta/${created.name}`);
		expect(body.done).toBe(true);
		expect(body.response).toBeUndefined();
		const again = await ai.batches.cancel({ name: created.name! }).catch((e: unknown) => e);
		expect((again as ApiError).status).toBe(400);
		expect(sim.requests.filter((r) => r.path.endsWith(':cancel'))).toHaveLength(2);
	});

	it('deletes a job: then get answers 404', async () => {
		const ai = client(sim);
		const created = await ai.batches.create({ model: MODEL, src: [imageRequest('b', 'b')] });
		await ai.batches.delete({ name: created.name! });
		const error = await ai.batches.get({ name: created.name! }).catch((e: unknown) => e);
		expect((error as ApiError).status).toBe(404);
		const twice = await ai.batches.delete({ name: created.name! }).catch((e: unknown) => e);
		expect((twice as ApiError).status).toBe(404);
	});

	it('lists jobs newest first, page by page', async () => {
		const ai = client(sim);
		await fetch(`${sim.url}/__simulator/batches`, { method: 'DELETE' });
		const names: string[] = [];
		for (let i = 0; i < 5; i++) {
			const job = await ai.batches.create({ model: MODEL, src: [imageRequest(`n${i}`, `k${i}`)] });
			names.unshift(job.name!);
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
		const first = await get(sim, '/v1beta/batches?pageSize=2');
		expect(first.body.operations).toHaveLength(2);
		expect(first.body.nextPageToken).toEqual(expect.any(String));
		const pager = await ai.batches.list({ config: { pageSize: 2 } });
		const listed: string[] = [];
		for await (const job of pager) listed.push(job.name!);
		expect(listed).toEqual(names);
		const pages = sim.requests.filter((r) => r.path === '/v1beta/batches');
		expect(pages.map((r) => r.query.pageSize)).toEqual(['2', '2', '2', '2']);
	});

	it('takes a forced state from the control path and lists jobs there', async () => {
		const slow = await startSimulator({ batchPendingMs: 60_000, signatureBytes: 0 });
		try {
			const slowAi = client(slow);
			const a = await slowAi.batches.create({ model: MODEL, src: [imageRequest('a', 'a')] });
			const forced = await forceBatchState(slow, a.name!, { state: 'SUCCEEDED' });
			expect(forced).toMatchObject({ status: 200, body: { state: 'BATCH_STATE_SUCCEEDED' } });
			const done = await slowAi.batches.get({ name: a.name! });
			expect(done.state).toBe('JOB_STATE_SUCCEEDED');
			expect(done.dest?.inlinedResponses).toHaveLength(1);

			const b = await slowAi.batches.create({ model: MODEL, src: [imageRequest('b', 'b')] });
			await forceBatchState(slow, b.name!, { state: 'JOB_STATE_FAILED' });
			expect((await slowAi.batches.get({ name: b.name! })).state).toBe('JOB_STATE_FAILED');
			const failed = await get(slow, `/v1beta/${b.name}`);
			expect(failed.body).toMatchObject({ done: true, error: { code: 13 } });
			expect(failed.body.response).toBeUndefined();

			const c = await slowAi.batches.create({ model: MODEL, src: [imageRequest('c', 'c')] });
			await forceBatchState(slow, c.name!, { state: 'BATCH_STATE_EXPIRED' });
			expect((await slowAi.batches.get({ name: c.name! })).state).toBe('JOB_STATE_EXPIRED');
			const bad = await forceBatchState(slow, c.name!, { state: 'DONE' });
			expect(bad.status).toBe(400);

			const listing: any = await (await fetch(`${slow.url}/__simulator/batches`)).json();
			expect(listing.map((j: any) => j.state)).toEqual([
				'BATCH_STATE_EXPIRED',
				'BATCH_STATE_FAILED',
				'BATCH_STATE_SUCCEEDED',
			]);
			expect(listing[0]).toMatchObject({ name: c.name, source: 'inline', requestCount: 1 });
		} finally {
			await slow.close();
		}
	});
});
