import type { IDataObject } from 'n8n-workflow';

import type { InputItem, RunResult } from '../harness';
import type { Simulator } from '../simulator';
import { createTestPng } from '../simulator';
import type { ErrorJson } from './setup';
import { imageOf, model, runGeminiImage, useSimulator } from './setup';

/**
 * Run As: Batch Job and the Batch resource, against the simulator's Batch API: a job built from
 * the items exactly as live requests are, its answers collected in any later execution, in the
 * order of the items, each paired to its request by its key.
 */
const simulator = useSimulator({ signatureBytes: 2000 });
const NANO = 'gemini-nano-banana-2.1';
const PRO = 'gemini-3-pro-image';

const PROMPTS = ['A red apple', 'A green pear', 'A yellow lemon'];
const items = (prompts: string[]) =>
	prompts.map((prompt, i) => ({ json: { prompt, sku: `sku-${i + 1}` } }));

const submit = (extra: Record<string, unknown> = {}) => ({
	operation: 'generate',
	model: model(NANO),
	prompt: '={{ $json.prompt }}',
	runAs: 'batch',
	carryField: 'sku',
	batchDisplayName: 'Fruit',
	...extra,
});

const batchOp = (operation: string, name: string, extra: Record<string, unknown> = {}) => ({
	resource: 'batch',
	operation,
	batchJob: { __rl: true, mode: 'name', value: name },
	...extra,
});

async function run(
	parameters: Record<string, unknown>,
	input: InputItem[] = [{ json: {} }],
	continueOnFail = false,
) {
	return runGeminiImage(simulator(), parameters, { input, continueOnFail, typeVersion: 1.2 });
}

async function forceState(name: string, state: string) {
	const id = name.replace('batches/', '');
	const response = await fetch(`${simulator().url}/__simulator/batches/${id}/state`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ state }),
	});
	expect(response.status).toBe(200);
}

const paths = (sim: Simulator) => sim.requests.map((r) => `${r.method} ${r.path}`);
const errorOf = (result: RunResult, index = 0) =>
	result.items[index].json.error as unknown as ErrorJson;

describe('Run As: Batch Job', () => {
	it('submits every item as one job: a JSONL file of live-built requests, one item out with the keys', async () => {
		const result = await run(
			submit({ options: { aspectRatio: '16:9', imageSize: '2K' } }),
			items(PROMPTS),
		);
		expect(result.items).toHaveLength(1);
		const job = result.items[0].json;
		expect(job).toMatchObject({
			name: expect.stringMatching(/^batches\//),
			displayName: 'Fruit',
			state: 'pending',
			model: NANO,
			requestCount: 3,
			inputFile: expect.stringMatching(/^files\//),
		});
		// Half of 2K's live price, per image.
		expect(job.estimatedCostUsd).toBeCloseTo(3 * 0.5 * 0.0504, 6);
		expect(job.requests).toEqual(
			PROMPTS.map((_, i) => ({
				key: JSON.stringify({ item: i, image: 1, size: '2K', carry: `sku-${i + 1}` }),
				itemIndex: i,
				imageNumber: 1,
				imageSize: '2K',
				carry: `sku-${i + 1}`,
			})),
		);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const sim = simulator();
		expect(paths(sim).filter((p) => !p.startsWith('GET /v1beta/files/'))).toEqual([
			'POST /upload/v1beta/files',
			'POST /upload/v1beta/files',
			`POST /v1beta/models/${NANO}:batchGenerateContent`,
		]);
		const create = sim.requests.at(-1)?.body as IDataObject;
		expect(create).toMatchObject({
			batch: { displayName: 'Fruit', inputConfig: { fileName: job.inputFile } },
		});
	});

	it('checks every item before anything is sent: a bad item stops the job, or with Continue On Fail stays out of it', async () => {
		const input = items(['A plum', '', 'A fig']);
		const stopped = await run(submit(), input);
		expect(stopped.error?.message).toBe('The prompt is empty for item 1');
		expect(simulator().requests).toHaveLength(0);

		const result = await run(submit(), input, true);
		expect(result.items.map((item) => item.json.requestCount ?? 'error')).toEqual([2, 'error']);
		expect(errorOf(result, 1).message).toBe('The prompt is empty for item 1');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('sends Safety Settings with a batch job on a new node (batch jobs are generateContent)', async () => {
		const safety = {
			setting: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
		};
		const result = await run(
			submit({ options: { safetySettings: safety } }),
			items(PROMPTS.slice(0, 1)),
		);
		expect(result.items[0].json).toMatchObject({ requestCount: 1, state: 'pending' });
	});

	it('refuses a job of several models, naming the item', async () => {
		const result = await run(submit({ model: model('={{ $json.model }}') }), [
			{ json: { prompt: 'a', model: NANO } },
			{ json: { prompt: 'b', model: PRO } },
		]);
		expect(result.error?.message).toBe(
			`A batch job takes one model: item 1 asks for ${PRO}, item 0 for ${NANO}`,
		);
	});
});

describe('the Batch resource', () => {
	it('says an unfinished job is unfinished, with its state and counts, never empty images', async () => {
		const { name } = (await run(submit(), items(PROMPTS))).items[0].json as { name: string };
		const state = await run(batchOp('getBatch', name));
		expect(state.items[0].json).toMatchObject({
			name,
			state: 'pending',
			requestCount: 3,
			finished: false,
		});
		const results = await run(batchOp('getBatchResults', name), [{ json: {} }], true);
		expect(errorOf(results).message).toMatch(
			new RegExp(`^Batch job ${name} is still (pending|running)`),
		);
		expect(results.items[0].binary).toBeUndefined();
	});

	it('collects the images in the order of the items, whatever order Google wrote them, each paired by its key', async () => {
		const { name } = (await run(submit({ options: { imageSize: '1K' } }), items(PROMPTS))).items[0]
			.json as { name: string };
		await forceState(name, 'SUCCEEDED');
		const result = await run(batchOp('getBatchResults', name));
		expect(result.items.map((item) => [item.json.itemIndex, item.json.carry])).toEqual([
			[0, 'sku-1'],
			[1, 'sku-2'],
			[2, 'sku-3'],
		]);
		for (const item of result.items) {
			expect(item.json).toMatchObject({
				batch: name,
				finishReason: 'STOP',
				model: NANO,
				imageNumber: 1,
			});
			expect(item.json.estimatedCostUsd).toBeCloseTo(0.5 * 0.0336, 6);
			expect(item.json.conversation).toBeUndefined();
			const { width, height } = await imageOf(result, item);
			expect({ width, height }).toEqual({ width: item.json.width, height: item.json.height });
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(result.items.map((item) => item.binary?.data?.fileName)).toEqual(
			['sku-1.jpg', 'sku-2.jpg', 'sku-3.jpg'].map(expect.stringMatching),
		);
	});

	it('makes a refused or failed request an error item naming its item, the others images', async () => {
		const prompts = ['A bowl of cherries', 'A portrait [sim:refusal]', 'A melon [sim:400]'];
		const { name } = (await run(submit(), items(prompts))).items[0].json as { name: string };
		await forceState(name, 'SUCCEEDED');
		const result = await run(batchOp('getBatchResults', name), [{ json: {} }], true);
		expect(result.items.map((item) => item.json.itemIndex)).toEqual([0, 1, 2]);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(errorOf(result, 1)).toMatchObject({ reason: 'IMAGE_SAFETY' });
		expect(errorOf(result, 1).message).toContain('item 1');
		expect(errorOf(result, 2).message).toContain('item 2');
		expect(errorOf(result, 2)).toMatchObject({ httpStatus: 400, retryable: false });
		expect(result.items[2].json.carry).toBe('sku-3');

		const stopped = await run(batchOp('getBatchResults', name));
		expect(stopped.error?.message).toContain('item 1');
	});

	it('waits for a short job when asked, checking at the interval set', async () => {
		const { name } = (await run(submit(), items(PROMPTS.slice(0, 1)))).items[0].json as {
			name: string;
		};
		const started = Date.now();
		const result = await run(
			batchOp('getBatchResults', name, {
				waitForCompletion: true,
				pollSeconds: 5,
				maxWaitMinutes: 1,
			}),
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data).toBeDefined();
	}, 30_000);

	it('puts all images in one item when asked', async () => {
		const { name } = (await run(submit(), items(PROMPTS))).items[0].json as { name: string };
		await forceState(name, 'SUCCEEDED');
		const result = await run(
			batchOp('getBatchResults', name, { options: { imagesOutput: 'oneItem' } }),
		);
		expect(result.items).toHaveLength(1);
		expect(Object.keys(result.items[0].binary ?? {})).toEqual(['data', 'data_2', 'data_3']);
		expect((result.items[0].json.images as IDataObject[]).map((image) => image.carry)).toEqual([
			'sku-1',
			'sku-2',
			'sku-3',
		]);
	});

	it('edits as a batch: the input image travels in the job file', async () => {
		const png = await createTestPng(64, 64);
		const result = await run(
			{ operation: 'edit', model: model(NANO), prompt: 'Add a hat', runAs: 'batch' },
			[{ json: {}, binary: { data: { data: png, mimeType: 'image/png', fileName: 'a.png' } } }],
		);
		const { name } = result.items[0].json as { name: string };
		await forceState(name, 'SUCCEEDED');
		const collected = await run(batchOp('getBatchResults', name));
		expect(collected.items[0].binary?.data).toBeDefined();
		expect(collected.items[0].json.itemIndex).toBe(0);
	});

	it('cancels a job; its results then say it was cancelled', async () => {
		const { name } = (await run(submit(), items(PROMPTS))).items[0].json as { name: string };
		const cancelled = await run(batchOp('cancelBatch', name));
		expect(cancelled.items[0].json).toMatchObject({ name, state: 'cancelled', finished: true });
		const results = await run(batchOp('getBatchResults', name), [{ json: {} }], true);
		expect(errorOf(results).message).toBe(`Batch job ${name} is cancelled; it has no results`);
	});

	it('refuses a name that is no job name before anything is sent', async () => {
		const result = await run(batchOp('getBatch', '../models/x'), [{ json: {} }], true);
		expect(errorOf(result).message).toBe('No batch job is named for item 0');
		expect(simulator().requests).toHaveLength(0);
	});
});
