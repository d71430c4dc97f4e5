import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RecordedRequest } from '../simulator';
import {
	INTERACTIONS_VERSION,
	code,
	geminiBatchJob,
	geminiImage,
	jsonFromFile,
	jsonToFile,
	manualTrigger,
	readFromDisk,
	workflow,
	writeToFile,
	writeToFolder,
} from '../support/workflows';
import { listFiles } from './support/files';
import { readWholeJpeg } from './support/jpeg';
import { forceBatchState, simulatorBatch } from './support/simulator-batches';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const SUBMIT_ID = 'e2eBatchSubmit001';
const COLLECT_ID = 'e2eBatchCollect01';
const DISPLAY_NAME = 'e2e: twenty prompts, one batch job';
const SKUS = Array.from({ length: 20 }, (_, index) => `sku-${index + 1}`);

/** Twenty items, each a prompt and the SKU it is for. */
const TWENTY_PROMPTS = `return ${JSON.stringify(SKUS)}.map((sku, index) => ({
	json: { sku, prompt: 'A product photo of catalogue item ' + (index + 1) + ' (' + sku + '), white background' },
}));`;

/** What travels between the two executions: the job's name alone. */
const KEEP_THE_NAME = `return [{ json: { name: $input.first().json.name } }];`;

/** Polls until `ready` holds, or `gaveUp` says waiting is pointless, or the time is up. */
async function waitUntil(
	what: string,
	ready: () => Promise<boolean>,
	gaveUp: () => boolean,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (gaveUp()) throw new Error(`Stopped waiting for ${what}: the run ended first`);
		if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs / 1000} s for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Google's Batch API over two executions, as a nightly job runs it. Execution A (Manual Trigger,
 * `n8n execute`, as the suite runs every scheduled example) makes twenty items with a prompt
 * and a `sku`, submits them as one batch job (Run As: Batch Job, Carry Field `sku`) and saves
 * only the job's name to a file. Execution B, a separate process, reads the name and runs Get
 * Batch Results with Wait for Completion (every 5 s): it starts while the job is held pending
 * (the simulator's control path), so it must wait, then writes the twenty pictures to a folder.
 */
describe('a batch job submitted in one execution and collected in another', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'batch');
	const imagesFolder = join(folder, 'images');
	const jobFile = join(folder, 'batch-job.json');
	let submit: WorkflowRun;
	let collect: WorkflowRun;
	let jobName: string;
	/** Everything the simulator received during both executions. */
	let received: RecordedRequest[];
	/** B's checks on the job (GET batches/{id}). */
	let checks: RecordedRequest[];

	beforeAll(async () => {
		mkdirSync(imagesFolder, { recursive: true });
		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow(SUBMIT_ID, 'e2e: twenty prompts -> one batch job -> save only its name', [
				manualTrigger(),
				code('Twenty prompts', TWENTY_PROMPTS),
				geminiImage('Submit batch', state.credential, {
					typeVersion: INTERACTIONS_VERSION,
					prompt: '={{ $json.prompt }}',
					runAs: 'batch',
					carryField: 'sku',
					batchDisplayName: DISPLAY_NAME,
				}),
				code('Keep only the name', KEEP_THE_NAME),
				jsonToFile('Name to file', 'batch-job.json'),
				writeToFile('Save the name', `=${jobFile}`),
			]),
			workflow(COLLECT_ID, 'e2e: read the job name -> Get Batch Results (wait) -> write images', [
				manualTrigger(),
				readFromDisk('Read the name', jobFile),
				jsonFromFile('Parse the name', 'saved'),
				geminiBatchJob('Get results', state.credential, {
					batchJob: '={{ $json.saved.name }}',
					waitForCompletion: true,
					pollSeconds: 5,
					maxWaitMinutes: 2,
				}),
				writeToFolder('Write images', imagesFolder),
			]),
		]);

		const before = (await simulatorRequests(state)).length;
		submit = await executeWorkflow(n8n, SUBMIT_ID);
		jobName = String(nodeOutput(submit.run, 'Submit batch')[0]?.json.name);

		// Held pending until B has looked at it once: B's Wait for Completion brings it home.
		await forceBatchState(state, jobName, 'PENDING');
		const jobPath = `/v1beta/${jobName}`;
		const checksSoFar = async () =>
			(await simulatorRequests(state))
				.slice(before)
				.filter((request) => request.method === 'GET' && request.path === jobPath);
		const checkedBySubmit = (await checksSoFar()).length;
		let ended = false;
		const collecting = executeWorkflow(n8n, COLLECT_ID).finally(() => {
			ended = true;
		});
		// Awaited below; a failure meanwhile must not go unhandled.
		collecting.catch(() => undefined);
		await waitUntil(
			'B to check on the job',
			async () => (await checksSoFar()).length > checkedBySubmit,
			() => ended,
			120_000,
		);
		await forceBatchState(state, jobName, 'SUCCEEDED');
		collect = await collecting;

		received = (await simulatorRequests(state)).slice(before);
		checks = (await checksSoFar()).slice(checkedBySubmit);
	});

	it('both executions succeed', () => {
		expect([submit.exitCode, collect.exitCode]).toEqual([0, 0]);
		expect([submit.run.status, collect.run.status]).toEqual(['success', 'success']);
	});

	it('A submits the twenty items as one job of twenty requests, and saves only its name', async () => {
		const [job, ...more] = nodeOutput(submit.run, 'Submit batch');
		expect(more).toHaveLength(0);
		expect(job.json).toMatchObject({
			name: expect.stringMatching(/^batches\/[A-Za-z0-9_-]+$/),
			displayName: DISPLAY_NAME,
			state: 'pending',
			model: 'gemini-nano-banana-2.1',
			requestCount: 20,
			estimatedCostUsd: expect.any(Number),
		});
		const requests = job.json.requests as Array<{ itemIndex: number; carry?: string }>;
		expect(requests.map((request) => request.itemIndex)).toEqual(SKUS.map((_, index) => index));
		expect(requests.map((request) => request.carry)).toEqual(SKUS);

		// One create, no live request: the twenty went in the job's input file.
		const creates = received.filter((request) => request.path.endsWith(':batchGenerateContent'));
		expect(creates).toHaveLength(1);
		expect(creates[0]).toMatchObject({ method: 'POST', status: 200 });
		expect(creates[0].body).toMatchObject({ batch: { displayName: DISPLAY_NAME } });
		expect(received.filter((request) => request.path.endsWith(':generateContent'))).toEqual([]);
		expect(await simulatorBatch(state, jobName)).toMatchObject({
			source: 'file',
			requestCount: 20,
		});

		expect(JSON.parse(readFileSync(jobFile, 'utf8'))).toEqual({ name: jobName });
	});

	it('B waits for the job, then outputs the twenty pictures in the order of the items', () => {
		// Pending at its first check, succeeded at a later one, 5 s apart.
		expect(checks.length).toBeGreaterThanOrEqual(2);
		expect(checks[1].receivedAt - checks[0].receivedAt).toBeGreaterThanOrEqual(4_500);

		const results = nodeOutput(collect.run, 'Get results');
		expect(results.map((item) => item.json.itemIndex)).toEqual(SKUS.map((_, index) => index));
		expect(results.map((item) => item.json.carry)).toEqual(SKUS);
		for (const [index, item] of results.entries()) {
			expect(item.json).toMatchObject({
				batch: jobName,
				imageNumber: 1,
				fileName: `${SKUS[index]}.jpg`,
				mimeType: 'image/jpeg',
				width: expect.any(Number),
				height: expect.any(Number),
			});
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg' });
		}
	});

	it('B writes twenty whole JPEGs named after the SKUs, of the size reported', () => {
		const results = nodeOutput(collect.run, 'Get results');
		const files = listFiles(imagesFolder);
		expect(files).toEqual(SKUS.map((sku) => `${sku}.jpg`).sort());
		for (const item of results) {
			const image = readWholeJpeg(join(imagesFolder, String(item.json.fileName)));
			expect(image).toEqual({
				width: item.json.width,
				height: item.json.height,
				bytes: item.json.fileSize,
			});
		}
		console.log(
			`batch e2e: job ${jobName}, ${files.length} files, order ${results.map((item) => item.json.itemIndex).join(',')}`,
		);
	});
});
