import { join } from 'node:path';

import { say } from '../../scripts/n8n/log';
import { signalGroup } from '../../scripts/queue/process-groups';
import type { PostgresClient } from '../../scripts/queue/services';
import { listFiles, readImageFile } from '../e2e/support/files';
import {
	activateWorkflow,
	callWebhook,
	checkFanOutExecution,
	IMAGE_SIZE,
	runBatch,
	type Batch,
} from './support/batches';
import {
	database,
	executionsOf,
	executionsStartedIn,
	isTerminal,
	lastExecutionId,
	nodeItems,
	runDataOf,
	waitForExecutions,
	workersByExecution,
	type ExecutionRow,
} from './support/executions';
import {
	ceilingItemsPerMinute,
	CALLS_PER_BATCH,
	LATENCY_MS,
	LOCK_SETTINGS,
	PROMPTS_PER_CALL,
	WORKER_CONCURRENCY,
} from './support/settings';
import { isAlive, loadState, ownerSession, recordResult, secondsSince } from './support/state';
import {
	BATCH_SIZE,
	BATCHES,
	FAN_OUT,
	FOLDERS,
	PARALLEL_REQUESTS,
	promptsForCall,
} from './support/workflows';

const KILL_LABELS = Array.from({ length: CALLS_PER_BATCH }, (_, index) => `kill${index + 1}`);
const ONE_WORKER_LABELS = Array.from({ length: CALLS_PER_BATCH }, (_, index) => `one${index + 1}`);
/** Files of one interrupted execution to wait for before the kill: two whole batches. */
const FILES_BEFORE_KILL = 2 * BATCH_SIZE;
/** What n8n 2.41.1 stores as the error of an execution whose worker died (README quotes it). */
const GIVEN_UP =
	'This execution failed to be processed too many times and will no longer retry. To allow this execution to complete, please break down your workflow or scale up your workers or adjust your worker settings.';

interface Interrupted {
	row: ExecutionRow;
	filesAtKill: number;
	filesAfter: string[];
	/** The error n8n stored with the execution, and the nodes whose run data it kept. */
	error?: string;
	ran: string[];
}

/**
 * Four executions of a workflow that writes its files batch by batch (5 prompts at a time), two
 * on each worker; once one of worker-b's executions has written two batches, worker-b's process
 * group gets SIGKILL. worker-a finishes its own, then runs a new batch of fan-out executions alone
 * (the one-worker throughput). What n8n does with worker-b's executions is read from PostgreSQL.
 */
describe('a worker killed in the middle of a run', () => {
	const state = loadState();
	const [survivor, victim] = state.workers;
	const batchesFolder = join(state.filesFolder, FOLDERS.batches);
	const fanOutFolder = join(state.filesFolder, FOLDERS.fanOut);
	let db: PostgresClient;
	let after: number;
	let killedAt: number;
	let interrupted: Interrupted[] = [];
	let survivorRows: ExecutionRow[] = [];
	let oneWorker: Batch;
	const startedAt = Date.now();

	const filesOf = (folder: string, id: number) =>
		listFiles(folder).filter((name) => name.startsWith(`e${id}-`));

	beforeAll(async () => {
		db = database(state);
		const rest = await ownerSession(state);
		await activateWorkflow(rest, db, BATCHES.id);
		await activateWorkflow(rest, db, FAN_OUT.id);
		after = await lastExecutionId(db);
		await Promise.all(
			KILL_LABELS.map((label) =>
				callWebhook(state, BATCHES.path, {
					call: label,
					prompts: promptsForCall(label, PROMPTS_PER_CALL),
				}),
			),
		);

		// Wait until worker-b is mid-run: an execution of its has written two batches.
		const deadline = Date.now() + 120_000;
		let victimIds: number[] = [];
		for (;;) {
			victimIds = executionsStartedIn(victim.logFile).filter((id) => id > after);
			if (victimIds.some((id) => filesOf(batchesFolder, id).length >= FILES_BEFORE_KILL)) break;
			if (Date.now() > deadline) throw new Error('worker-b never got far enough to be killed');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const atKill = new Map(victimIds.map((id) => [id, filesOf(batchesFolder, id).length]));
		signalGroup(victim.pid, 'SIGKILL');
		killedAt = Date.now();
		const statusAtKill = (await executionsOf(db, BATCHES.id, after))
			.filter((row) => atKill.has(row.id))
			.map((row) => `${row.id}:${row.status}`);
		say(
			`Killed worker-b (SIGKILL to its process group) while running executions ` +
				`${statusAtKill.join(', ')}; files written so far: ` +
				[...atKill].map(([id, count]) => `${id}=${count}`).join(', '),
		);

		// worker-a finishes its own executions of that batch ...
		const survivorIds = new Set(executionsStartedIn(survivor.logFile).filter((id) => id > after));
		survivorRows = (
			await waitForExecutions(
				db,
				BATCHES.id,
				(rows) => rows.filter((row) => survivorIds.has(row.id)).every(isTerminal),
				180_000,
				after,
			)
		).filter((row) => survivorIds.has(row.id));

		// ... then runs a new batch alone: the one-worker throughput.
		oneWorker = await runBatch(state, db, FAN_OUT, ONE_WORKER_LABELS, PROMPTS_PER_CALL);
		const { throughput } = oneWorker;
		say(
			`One worker: ${throughput.items} items (generate + edit + write) in ${throughput.seconds} s = ` +
				`${throughput.itemsPerMinute} items/min (latency ${LATENCY_MS} ms, parallel requests ` +
				`${PARALLEL_REQUESTS}, worker concurrency ${WORKER_CONCURRENCY}; ceiling ` +
				`${ceilingItemsPerMinute(1, PARALLEL_REQUESTS)})`,
		);

		// worker-b's executions: wait until n8n gives up on them.
		const rows = await waitForExecutions(
			db,
			BATCHES.id,
			(found) => found.filter((row) => atKill.has(row.id)).every(isTerminal),
			180_000,
			after,
		);
		interrupted = [];
		for (const row of rows.filter((found) => atKill.has(found.id))) {
			const stored = await runDataOf(db, row.id).catch(() => undefined);
			interrupted.push({
				row,
				error: stored?.resultData.error?.message,
				ran: Object.keys(stored?.resultData.runData ?? {}),
				filesAtKill: atKill.get(row.id) ?? 0,
				filesAfter: filesOf(batchesFolder, row.id),
			});
		}
		for (const { row, filesAtKill, filesAfter, error, ran } of interrupted) {
			const endedAfter = (Date.parse(row.stoppedAt ?? '') - killedAt) / 1000;
			say(
				`Interrupted execution ${row.id}: status "${row.status}" (finished ${row.finished}), ` +
					`stopped ${endedAfter.toFixed(1)} s after the kill; ${filesAtKill} files at the kill, ` +
					`${filesAfter.length} after; stored error: ${error ?? '(none)'}; ` +
					`stored node data: ${ran.join(', ') || '(none)'}`,
			);
		}
	});

	afterAll(() => {
		const { seconds: batchSeconds, ...figures } = oneWorker?.throughput ?? { seconds: 0 };
		recordResult(state, {
			case: 'worker killed; one worker left',
			seconds: secondsSince(startedAt),
			workers: 1,
			batchSeconds,
			...figures,
			ceiling: ceilingItemsPerMinute(1, PARALLEL_REQUESTS),
			interrupted: interrupted.map(({ row, filesAfter }) => ({
				id: row.id,
				status: row.status,
				files: filesAfter.length,
			})),
		});
	});

	it('killed worker-b while it ran executions', () => {
		expect(isAlive(victim.pid)).toBe(false);
		// Four calls at once, two per worker: worker-b held as many as its concurrency.
		expect(interrupted).toHaveLength(WORKER_CONCURRENCY);
	});

	it('worker-a finished its own executions of the interrupted batch: 40 files each', async () => {
		expect(survivorRows.length).toBeGreaterThan(0);
		for (const row of survivorRows) {
			expect(row.status).toBe('success');
			const written = nodeItems(await runDataOf(db, row.id), 'Write file');
			expect(written).toHaveLength(PROMPTS_PER_CALL);
			const files = filesOf(batchesFolder, row.id);
			expect(files).toHaveLength(PROMPTS_PER_CALL);
			for (const name of files) {
				expect(readImageFile(join(batchesFolder, name))).toMatchObject({
					type: 'jpg',
					...IMAGE_SIZE,
				});
			}
		}
	});

	it('worker-a alone ran every new execution, every item paired and written', async () => {
		const ranBy = workersByExecution(state);
		expect(oneWorker.rows.map((row) => row.status)).toEqual(ONE_WORKER_LABELS.map(() => 'success'));
		for (const row of oneWorker.rows) {
			expect(ranBy.get(row.id)).toEqual([survivor.name]);
			const checked = await checkFanOutExecution(db, fanOutFolder, row.id);
			expect(checked.prompts).toEqual(oneWorker.prompts.get(checked.label));
		}
	});

	it('n8n ends the interrupted executions as failed, not as successes, and never reruns them', () => {
		const ranBy = workersByExecution(state);
		for (const { row, error } of interrupted) {
			expect({ id: row.id, status: row.status, error }).toEqual({
				id: row.id,
				status: 'error',
				error: GIVEN_UP,
			});
			expect(row.finished).toBe(false);
			expect(row.stoppedAt).not.toBeNull();
			expect(ranBy.get(row.id)).toEqual([victim.name]);
		}
	});

	it('keeps no node output of an interrupted execution (progress is not saved by default)', () => {
		for (const { row, ran } of interrupted)
			expect({ id: row.id, ran }).toEqual({ id: row.id, ran: [] });
	});

	it('leaves no corrupt file: what was written before the kill is whole', () => {
		for (const { filesAtKill, filesAfter } of interrupted) {
			expect(filesAfter.length).toBeGreaterThanOrEqual(filesAtKill);
			expect(filesAfter.length).toBeLessThan(PROMPTS_PER_CALL);
		}
		// A SIGKILL can land inside the Write node's own write (n8n writes in place): at most one
		// file per killed execution may be cut short there. Every other file is a whole image.
		const cut: string[] = [];
		for (const name of listFiles(batchesFolder)) {
			let image;
			try {
				image = readImageFile(join(batchesFolder, name));
			} catch {
				cut.push(name);
				continue;
			}
			expect({ name, ...image }).toMatchObject({ name, type: 'jpg', ...IMAGE_SIZE });
		}
		if (cut.length > 0) say(`cut short by the kill (inside the Write node): ${cut.join(', ')}`);
		expect(cut.length).toBeLessThanOrEqual(interrupted.length);
	});

	it("gives up on them within the lock and stall settings plus n8n's 30 s grace", () => {
		const lock = Number(LOCK_SETTINGS.QUEUE_WORKER_LOCK_DURATION);
		const renew = Number(LOCK_SETTINGS.QUEUE_WORKER_LOCK_RENEW_TIME);
		const stalledCheck = Number(LOCK_SETTINGS.QUEUE_WORKER_STALLED_INTERVAL);
		// The lock, last renewed at most `renew` before the kill, expires 15-20 s after it; the next
		// stalled-job check comes within 10 s; the main then waits its 30 s grace: 45-60 s by the
		// settings. The 20 s on top are the main's own rounds between those steps, and a busy
		// machine (measured on n8n 2.41.1: 61-63 s after the kill, 67 s with other suites running).
		const GRACE = 30_000;
		const MARGIN = 20_000;
		for (const { row } of interrupted) {
			const ended = Date.parse(row.stoppedAt ?? '') - killedAt;
			expect(ended).toBeGreaterThan(lock - renew + GRACE);
			expect(ended).toBeLessThan(lock + stalledCheck + GRACE + MARGIN);
		}
	});
});
