import type { INodeExecutionData } from 'n8n-workflow';

import type { PostgresClient } from '../../scripts/queue/services';
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
import { loadState, ownerSession, recordResult, secondsSince } from './support/state';
import { BATCH_SUBMIT, BATCH_TRIGGERED } from './support/workflows';

const ITEMS = [1, 2, 3].map((n) => ({ prompt: `t${n} a lantern festival, polled`, sku: `T-${n}` }));

/**
 * The Gemini Image Trigger in queue mode: published, it polls on the main (every minute); the
 * job a webhook execution submitted finishes, the next poll starts one execution, and a worker
 * runs it, collecting the job the trigger's item names.
 */
describe('a finished batch job found by the trigger on the main, collected on a worker', () => {
	const state = loadState();
	let db: PostgresClient;
	let submitted: INodeExecutionData;
	let triggered: ExecutionRow[] = [];
	let emitted: INodeExecutionData[] = [];
	let collected: INodeExecutionData[] = [];
	const startedAt = Date.now();

	beforeAll(async () => {
		db = database(state);
		const session = await ownerSession(state);
		// Published first: its first poll remembers the jobs earlier cases finished.
		await activateWorkflow(session, db, BATCH_TRIGGERED.id);
		await activateWorkflow(session, db, BATCH_SUBMIT.id);
		const before = await lastExecutionId(db);
		await callWebhook(state, BATCH_SUBMIT.path, { prompts: ITEMS });
		const [submit] = await waitForExecutions(
			db,
			BATCH_SUBMIT.id,
			(rows) => rows.length === 1 && isTerminal(rows[0]),
			120_000,
			before,
		);
		[submitted] = nodeItems(await runDataOf(db, submit.id), 'Submit batch');
		// n8n polls on the minute: the job is found within about two minutes.
		triggered = await waitForExecutions(
			db,
			BATCH_TRIGGERED.id,
			(rows) => rows.length >= 1 && rows.every(isTerminal),
			180_000,
			before,
		);
		const data = await runDataOf(db, triggered[0].id);
		emitted = nodeItems(data, 'Batch finished');
		collected = nodeItems(data, 'Get batch results');
	}, 330_000);

	afterAll(() => {
		recordResult(state, {
			case: 'batch job: found by the trigger on the main, collected on a worker',
			seconds: secondsSince(startedAt),
			executions: triggered.length,
			collectedOn: triggered[0] ? workersByExecution(state).get(triggered[0].id)?.[0] : undefined,
			images: collected.length,
		});
	});

	it("starts one execution, for the submitted job, with the trigger's item", () => {
		expect(triggered).toHaveLength(1);
		expect(emitted.map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: 'batchJobFinished',
				name: submitted.json.name,
				state: 'succeeded',
				requestCount: ITEMS.length,
			}),
		]);
	});

	it('runs that execution on a worker, the main only enqueuing it', () => {
		const [row] = triggered;
		expect([row.status, row.mode]).toEqual(['success', 'trigger']);
		expect(workersByExecution(state).get(row.id)).toHaveLength(1);
		expect(mainEnqueued(state, row.id)).toBe(true);
		expect(mainStarted(state, row.id)).toBe(false);
	});

	it("collects the job's images on the worker, each with its sku", () => {
		expect(collected.map((item) => item.json.carry)).toEqual(ITEMS.map(({ sku }) => sku));
		expect(collected.every((item) => item.json.batch === submitted.json.name)).toBe(true);
		expect(collected.every((item) => item.binary?.data?.mimeType === 'image/jpeg')).toBe(true);
	});
});
