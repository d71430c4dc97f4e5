import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as jpeg from 'jpeg-js';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import type { PostgresClient } from '../../scripts/queue/services';
import { listFiles, readImageFile } from '../e2e/support/files';
import type { RecordedRequest } from '../simulator';
import { expectedPixelSize } from '../simulator';
import { activateWorkflow, callWebhook } from './support/batches';
import {
	database,
	isTerminal,
	lastExecutionId,
	mainEnqueued,
	mainStarted,
	nodeItems,
	runDataOf,
	waitForExecutions,
	workersByExecution,
	type ExecutionRow,
} from './support/executions';
import { simulatorRequests } from './support/simulator';
import { loadState, ownerSession, recordResult, secondsSince } from './support/state';
import {
	BATCH_COLLECT,
	BATCH_MAX_WAIT_MINUTES,
	BATCH_POLL_SECONDS,
	BATCH_SUBMIT,
	FOLDERS,
	MODEL,
} from './support/workflows';

const COUNT = 10;
/** Objects, so Split Out makes items `{ prompt, sku }`; sorted by sku they would be in another order. */
const ITEMS = Array.from({ length: COUNT }, (_, index) => ({
	prompt: `b${String(index + 1).padStart(2, '0')} a shelf of teapots, batch item ${index + 1}`,
	sku: `SKU-${String((index * 7) % COUNT).padStart(3, '0')}-${index + 1}`,
}));
/** No aspect ratio or size set: the model's 1K square. */
const IMAGE_SIZE = expectedPixelSize(MODEL, undefined, undefined);

interface StoredBinary {
	fileId: string;
	sourceType: string;
	sourceId: string;
	fileSize: number;
	md5: string;
	mimeType: string | null;
}

const secondsBetween = (row: ExecutionRow) =>
	Math.round((Date.parse(row.stoppedAt ?? '') - Date.parse(row.startedAt ?? '')) / 100) / 10;

/**
 * Google's Batch API across executions and workers: one execution submits ten items as one job
 * (Run As: Batch Job, each item's sku carried); the job's name, read from that execution's run
 * data in PostgreSQL, starts a second execution that waits for the job to finish and collects
 * its images (Get Batch Results), in the order of the items, and writes them to disk. Nothing
 * the first worker had is needed: the job is Google's.
 */
describe('a batch job submitted in one execution, collected in another, on workers', () => {
	const state = loadState();
	const folder = join(state.filesFolder, FOLDERS.batchJob);
	let db: PostgresClient;
	let submit: ExecutionRow;
	let collect: ExecutionRow;
	let job: INodeExecutionData;
	let collected: INodeExecutionData[] = [];
	let written: INodeExecutionData[] = [];
	let stored: StoredBinary[] = [];
	let requests: RecordedRequest[] = [];
	const startedAt = Date.now();

	const jobName = () => String(job?.json.name ?? '');
	const jobRequests = () => {
		const id = jobName().replace(/^batches\//, '');
		return requests.filter(
			(request) =>
				(request.method === 'POST' && request.path.endsWith(':batchGenerateContent')) ||
				request.path.endsWith(`/batches/${id}`) ||
				request.path.endsWith(':download'),
		);
	};
	const creates = () =>
		requests.filter(
			(request) => request.method === 'POST' && request.path.endsWith(':batchGenerateContent'),
		);
	const downloads = () => requests.filter((request) => request.path.endsWith(':download'));
	const polls = () => {
		const path = `/v1beta/${jobName()}`;
		return requests.filter((request) => request.method === 'GET' && request.path === path);
	};

	beforeAll(async () => {
		db = database(state);
		const session = await ownerSession(state);
		await activateWorkflow(session, db, BATCH_SUBMIT.id);
		await activateWorkflow(session, db, BATCH_COLLECT.id);

		const before = await lastExecutionId(db);
		await callWebhook(state, BATCH_SUBMIT.path, { prompts: ITEMS });
		[submit] = await waitForExecutions(
			db,
			BATCH_SUBMIT.id,
			(rows) => rows.length === 1 && isTerminal(rows[0]),
			120_000,
			before,
		);
		[job] = nodeItems(await runDataOf(db, submit.id), 'Submit batch');

		const afterSubmit = await lastExecutionId(db);
		await callWebhook(state, BATCH_COLLECT.path, { name: job.json.name });
		[collect] = await waitForExecutions(
			db,
			BATCH_COLLECT.id,
			(rows) => rows.length === 1 && isTerminal(rows[0]),
			(BATCH_MAX_WAIT_MINUTES * 60 + 60) * 1000,
			afterSubmit,
		);
		const data = await runDataOf(db, collect.id);
		collected = nodeItems(data, 'Get batch results');
		written = nodeItems(data, 'Write file');

		const ids = collected.map((item) =>
			String(item.binary?.data?.id ?? '').replace(/^database:/, ''),
		);
		const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id));
		if (uuids.length > 0) {
			stored = await db.queryJson<StoredBinary[]>(
				`select coalesce(json_agg(b), '[]') from (
					select "fileId", "sourceType", "sourceId", "fileSize", md5(data) as md5, "mimeType"
					from binary_data where "fileId" in (${uuids.map((id) => `'${id}'`).join(', ')})
				) b`,
			);
		}
		requests = await simulatorRequests(state.simulator.baseUrl);
	});

	afterAll(() => {
		const workers = workersByExecution(state);
		recordResult(state, {
			case: 'batch job: submit on a worker, collect on a worker',
			seconds: secondsSince(startedAt),
			requestCount: job?.json.requestCount,
			estimatedCostUsd: job?.json.estimatedCostUsd,
			submittedOn: submit ? workers.get(submit.id)?.[0] : undefined,
			collectedOn: collect ? workers.get(collect.id)?.[0] : undefined,
			submitSeconds: submit ? secondsBetween(submit) : undefined,
			collectSeconds: collect ? secondsBetween(collect) : undefined,
			pollSeconds: BATCH_POLL_SECONDS,
			polls: job ? polls().length : undefined,
			creates: creates().length,
			downloads: downloads().length,
			images: collected.length,
			imageBytes: stored.reduce((sum, binary) => sum + binary.fileSize, 0),
		});
	});

	it('runs both executions to success on workers, the main only enqueuing them', () => {
		const workers = workersByExecution(state);
		expect([submit, collect].map((row) => [row.status, row.mode])).toEqual([
			['success', 'webhook'],
			['success', 'webhook'],
		]);
		for (const row of [submit, collect]) {
			expect(workers.get(row.id)).toHaveLength(1);
			expect(mainEnqueued(state, row.id)).toBe(true);
			expect(mainStarted(state, row.id)).toBe(false);
		}
	});

	it('submits the ten items as one job, each request keyed to its item and carrying its sku', () => {
		expect(job.json).toMatchObject({
			name: expect.stringMatching(/^batches\/[A-Za-z0-9_-]+$/),
			state: 'pending',
			model: MODEL,
			requestCount: COUNT,
			inputFile: expect.stringMatching(/^files\//),
		});
		expect(job.json.requests).toEqual(
			ITEMS.map(({ sku }, itemIndex) =>
				expect.objectContaining({ itemIndex, imageNumber: 1, carry: sku }),
			),
		);
		expect(job.pairedItem).toEqual(ITEMS.map((_, item) => ({ item })));
		expect(job.binary).toBeUndefined();
	});

	it('collects one item per request in the order of the submitted items, each with its sku', () => {
		expect(collected.map((item) => [item.json.itemIndex, item.json.carry])).toEqual(
			ITEMS.map(({ sku }, index) => [index, sku]),
		);
		for (const item of collected) {
			expect(item.json).toMatchObject({
				batch: job.json.name,
				imageNumber: 1,
				finishReason: 'STOP',
				...IMAGE_SIZE,
			});
			expect(item.json.fileName).toEqual(expect.any(String));
			expect(item.binary?.data?.fileName).toBe(item.json.fileName);
			expect(item.binary?.data?.mimeType).toBe('image/jpeg');
		}
		// The job's estimate is the sum of what each image is said to cost.
		const sum = collected.reduce((total, item) => total + Number(item.json.estimatedCostUsd), 0);
		expect(Number(job.json.estimatedCostUsd)).toBeCloseTo(sum, 6);
		// Written in the same order, one file per image.
		expect(written.map((item) => item.json.carry)).toEqual(ITEMS.map(({ sku }) => sku));
	});

	it("stores every image in the database binary mode, as the collecting execution's", () => {
		for (const item of [...collected, ...written]) {
			expect((item.binary?.data as IBinaryData | undefined)?.id).toMatch(/^database:/);
		}
		expect(stored).toHaveLength(COUNT);
		for (const binary of stored) {
			expect(binary).toMatchObject({
				sourceType: 'execution',
				sourceId: String(collect.id),
				mimeType: 'image/jpeg',
			});
		}
	});

	it(`writes ten complete ${IMAGE_SIZE.width}x${IMAGE_SIZE.height} JPEGs, byte for byte the stored images`, () => {
		const files = listFiles(folder).filter((name) => name.startsWith(`e${collect.id}-`));
		expect(files).toEqual(
			collected.map((item) => `e${collect.id}-${String(item.json.fileName)}`).sort(),
		);
		const byId = new Map(stored.map((binary) => [binary.fileId, binary]));
		for (const item of collected) {
			const path = join(folder, `e${collect.id}-${String(item.json.fileName)}`);
			const bytes = readFileSync(path);
			const fileId = String(item.binary?.data?.id).replace(/^database:/, '');
			const binary = byId.get(fileId);
			// As many bytes as the item reports and the database holds, and the same bytes.
			expect({ path, bytes: bytes.length, stored: binary?.fileSize }).toEqual({
				path,
				bytes: item.json.fileSize,
				stored: item.json.fileSize,
			});
			expect(createHash('md5').update(bytes).digest('hex')).toBe(binary?.md5);
			// Starts with SOI, ends with EOI, decodes whole, at the size the item reports.
			expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
			expect(bytes.subarray(-2).toString('hex')).toBe('ffd9');
			const decoded = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 256 });
			expect({ width: decoded.width, height: decoded.height }).toEqual({
				width: item.json.width,
				height: item.json.height,
			});
			expect(readImageFile(path)).toMatchObject({ type: 'jpg', ...IMAGE_SIZE });
		}
	});

	it('sent exactly one batchGenerateContent and downloaded the results once', () => {
		const [create] = creates();
		expect(creates()).toHaveLength(1);
		expect(create).toMatchObject({ status: 200, model: MODEL });
		expect(create.body).toMatchObject({ batch: { inputConfig: { fileName: job.json.inputFile } } });
		expect(downloads()).toHaveLength(1);
		expect(downloads()[0].status).toBe(200);
		expect(downloads()[0].path).toContain(`/files/batch-${jobName().replace(/^batches\//, '')}`);
		// Waiting checked the job every few seconds: a handful of gets, each answered.
		expect(polls().length).toBeGreaterThanOrEqual(1);
		expect(polls().length).toBeLessThanOrEqual(
			Math.ceil((secondsBetween(collect) + 1) / BATCH_POLL_SECONDS) + 1,
		);
		expect(jobRequests().filter((request) => request.status !== 200)).toEqual([]);
		// And no live request (generateContent or Interactions): every image came from the job.
		expect(
			requests
				.filter((request) => /:generateContent$|\/interactions/.test(request.path))
				.filter((request) => JSON.stringify(request.body ?? {}).includes('a shelf of teapots'))
				.map((request) => `${request.method} ${request.path}`),
		).toEqual([]);
	});
});
