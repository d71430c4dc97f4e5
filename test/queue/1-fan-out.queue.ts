import { join } from 'node:path';

import { say } from '../../scripts/n8n/log';
import type { PostgresClient } from '../../scripts/queue/services';
import {
	activateWorkflow,
	checkFanOutExecution,
	IMAGE_SIZE,
	runBatch,
	type Batch,
} from './support/batches';
import { database, mainEnqueued, mainStarted, workersByExecution } from './support/executions';
import {
	ceilingItemsPerMinute,
	CALLS_PER_BATCH,
	LATENCY_MS,
	PROMPTS_PER_CALL,
	WORKER_CONCURRENCY,
} from './support/settings';
import { isGenerateContent, promptOf, simulatorRequests } from './support/simulator';
import { loadState, ownerSession, recordResult, secondsSince } from './support/state';
import { EDIT_PREFIX, FAN_OUT, FOLDERS, PARALLEL_REQUESTS } from './support/workflows';

const LABELS = Array.from({ length: CALLS_PER_BATCH }, (_, index) => `fan${index + 1}`);

/**
 * A published webhook workflow takes 40 prompts per call (Split Out makes the items), generates
 * an image for each, edits every result and writes it to disk. Four calls at once: the main only
 * enqueues, the two workers run the executions (two each at concurrency 2).
 */
describe('webhook -> generate -> edit -> files, on two workers', () => {
	const state = loadState();
	const folder = join(state.filesFolder, FOLDERS.fanOut);
	let db: PostgresClient;
	let batch: Batch;
	const startedAt = Date.now();

	beforeAll(async () => {
		db = database(state);
		await activateWorkflow(await ownerSession(state), db, FAN_OUT.id);
		batch = await runBatch(state, db, FAN_OUT, LABELS, PROMPTS_PER_CALL);
		const { throughput } = batch;
		say(
			`Two workers: ${throughput.items} items (generate + edit + write) in ${throughput.seconds} s = ` +
				`${throughput.itemsPerMinute} items/min (latency ${LATENCY_MS} ms, parallel requests ` +
				`${PARALLEL_REQUESTS}, worker concurrency ${WORKER_CONCURRENCY}; ceiling ` +
				`${ceilingItemsPerMinute(2, PARALLEL_REQUESTS)})`,
		);
	});

	afterAll(() => {
		if (!batch) return;
		const { seconds: batchSeconds, ...figures } = batch.throughput;
		recordResult(state, {
			case: 'fan-out on two workers',
			seconds: secondsSince(startedAt),
			workers: 2,
			batchSeconds,
			...figures,
			ceiling: ceilingItemsPerMinute(2, PARALLEL_REQUESTS),
		});
	});

	it('ran every execution to success, each on a worker and none on the main', () => {
		const ranBy = workersByExecution(state);
		expect(batch.rows.map((row) => [row.status, row.mode])).toEqual(
			LABELS.map(() => ['success', 'webhook']),
		);
		for (const row of batch.rows) {
			expect(ranBy.get(row.id)).toHaveLength(1);
			expect(mainEnqueued(state, row.id)).toBe(true);
			expect(mainStarted(state, row.id)).toBe(false);
		}
	});

	it('spread the executions over both workers', () => {
		const ranBy = workersByExecution(state);
		const workers = new Set(batch.rows.flatMap((row) => ranBy.get(row.id) ?? []));
		expect([...workers].sort()).toEqual(state.workers.map((worker) => worker.name).sort());
	});

	it(`pairs every item and writes every edited image as a ${IMAGE_SIZE.width}x${IMAGE_SIZE.height} JPEG`, async () => {
		const labels: string[] = [];
		for (const row of batch.rows) {
			const checked = await checkFanOutExecution(db, folder, row.id);
			expect(checked.prompts).toEqual(batch.prompts.get(checked.label));
			expect(checked.files).toHaveLength(PROMPTS_PER_CALL);
			labels.push(checked.label);
		}
		expect(labels.sort()).toEqual([...LABELS].sort());
	});

	it('sent one generate and one edit request per prompt, each answered 200', async () => {
		const sent = [...batch.prompts.values()].flat();
		const requests = (await simulatorRequests(state.simulator.baseUrl))
			.filter(isGenerateContent)
			.filter((request) => /^(Make it night: )?p\d\d fan\d /.test(promptOf(request)));
		expect(requests.map(promptOf).sort()).toEqual(
			[...sent, ...sent.map((prompt) => EDIT_PREFIX + prompt)].sort(),
		);
		expect(requests.filter((request) => request.status !== 200)).toEqual([]);
	});
});
