import { join } from 'node:path';

import type { PostgresClient } from '../../scripts/queue/services';
import { listFiles, readImageFile } from '../e2e/support/files';
import { expectedPixelSize } from '../simulator';
import { activateWorkflow, deactivateWorkflow } from './support/batches';
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
import { FOLDERS, MODEL, SCHEDULED } from './support/workflows';

/**
 * A published workflow whose Schedule Trigger fires every few seconds: in queue mode the main
 * (the leader) owns the trigger and enqueues each run; a worker executes it.
 */
describe('a published schedule, in queue mode', () => {
	const state = loadState();
	const folder = join(state.filesFolder, FOLDERS.scheduled);
	let db: PostgresClient;
	let fired: ExecutionRow;
	const startedAt = Date.now();

	beforeAll(async () => {
		db = database(state);
		const rest = await ownerSession(state);
		const after = await lastExecutionId(db);
		await activateWorkflow(rest, db, SCHEDULED.id);
		try {
			const rows = await waitForExecutions(
				db,
				SCHEDULED.id,
				(found) => found.some((row) => row.status === 'success'),
				90_000,
				after,
			);
			fired = rows.find((row) => row.status === 'success')!;
		} finally {
			await deactivateWorkflow(rest, db, SCHEDULED.id);
		}
		// A run that fired just before the deactivation still finishes: wait for it.
		await waitForExecutions(db, SCHEDULED.id, (rows) => rows.every(isTerminal), 60_000, after);
	});

	afterAll(() => {
		recordResult(state, {
			case: 'schedule fires on a worker',
			seconds: secondsSince(startedAt),
			execution: fired?.id,
		});
	});

	it('fires by itself and succeeds', () => {
		expect(fired).toMatchObject({ status: 'success', mode: 'trigger', finished: true });
	});

	it('runs on a worker; the main only enqueues it', () => {
		expect(workersByExecution(state).get(fired.id)).toHaveLength(1);
		expect(mainEnqueued(state, fired.id)).toBe(true);
		expect(mainStarted(state, fired.id)).toBe(false);
	});

	it('writes the generated image to disk, a complete JPEG', async () => {
		const [item] = nodeItems(await runDataOf(db, fired.id), 'Generate');
		const size = expectedPixelSize(MODEL, undefined, '1K');
		expect(item.json).toMatchObject({ mimeType: 'image/jpeg', ...size });
		expect(item.json.prompt).toMatch(/^A postcard of the harbour, sent on schedule at \d{4}-/);
		const files = listFiles(folder).filter((name) => name.startsWith(`e${fired.id}-`));
		expect(files).toEqual([`e${fired.id}-${String(item.json.fileName)}`]);
		expect(readImageFile(join(folder, files[0]))).toMatchObject({ type: 'jpg', ...size });
	});
});
