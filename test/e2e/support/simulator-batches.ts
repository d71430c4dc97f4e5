import type { BatchSummary } from '../../simulator';
import type { E2eState } from './state';

/** The Batch API jobs the simulator holds, newest first (`GET /__simulator/batches`). */
export async function simulatorBatches(state: E2eState): Promise<BatchSummary[]> {
	const response = await fetch(`${state.simulator.baseUrl}/__simulator/batches`);
	if (!response.ok) throw new Error(`The simulator answered ${response.status}`);
	return (await response.json()) as BatchSummary[];
}

/** One job as the simulator holds it. */
export async function simulatorBatch(state: E2eState, name: string): Promise<BatchSummary> {
	const job = (await simulatorBatches(state)).find((batch) => batch.name === name);
	if (!job) throw new Error(`The simulator holds no ${name}`);
	return job;
}

/**
 * The simulator's control path: the job is in `wanted` (PENDING, RUNNING, SUCCEEDED, ...) from
 * now on, whatever its clock says; SUCCEEDED first waits for its answers.
 */
export async function forceBatchState(
	state: E2eState,
	name: string,
	wanted: string,
): Promise<void> {
	const id = name.replace(/^batches\//, '');
	const response = await fetch(`${state.simulator.baseUrl}/__simulator/batches/${id}/state`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ state: wanted }),
	});
	if (!response.ok) throw new Error(`Forcing ${name} to ${wanted}: ${await response.text()}`);
}

/** Waits, without touching it, until the job has finished (by the simulator's clock). */
export async function waitForBatchToFinish(
	state: E2eState,
	name: string,
	timeoutMs = 60_000,
): Promise<BatchSummary> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const job = await simulatorBatch(state, name);
		if (job.state !== 'BATCH_STATE_PENDING' && job.state !== 'BATCH_STATE_RUNNING') return job;
		if (Date.now() > deadline) {
			throw new Error(`${name} was still ${job.state} after ${timeoutMs / 1000} s`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
