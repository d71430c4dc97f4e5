import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinished } from '../gemini/batch/lines';
import type { BatchJobView } from '../gemini/batch/job';
import { sleep } from '../gemini/connection/wait';
import { apiFailureError } from '../n8n/failures';
import { readBatchName, readBatchWait } from '../operations/batchJobs';
import type { Transport } from '../transport/call';

type Failed = Extract<Awaited<ReturnType<Transport['getBatch']>>, { ok: false }>;

export function callError(context: IExecuteFunctions, result: Failed, itemIndex: number) {
	return apiFailureError(context.getNode(), result.failure, {
		itemIndex,
		attempts: result.attempts,
	});
}

/** The job, and with Wait for Completion, the job once finished (within the wait's bounds). */
export async function finishedJob(
	context: IExecuteFunctions,
	transport: Transport,
	itemIndex: number,
) {
	const name = readBatchName(context, itemIndex);
	const wait = readBatchWait(context, itemIndex);
	const stop = context.getExecutionCancelSignal?.();
	const started = Date.now();
	for (;;) {
		const job = await transport.getBatch(name);
		if (!job.ok) throw callError(context, job, itemIndex);
		const left = wait.maxWaitMs - (Date.now() - started);
		if (isFinished(job.value.state) || !wait.wait || stop?.aborted || left <= 0) return job.value;
		// The last check falls at the end of the wait, not an interval before it.
		await sleep(Math.min(wait.pollMs, left), stop);
	}
}

export function notReady(context: IExecuteFunctions, job: BatchJobView, itemIndex: number) {
	const done = (job.succeededCount ?? 0) + (job.failedCount ?? 0);
	const progress = job.requestCount ? `: ${done} of ${job.requestCount} requests done` : '';
	const why =
		job.state === 'failed'
			? `failed${job.error ? `: ${job.error.message}` : ''}`
			: isFinished(job.state)
				? `${job.state}; it has no results`
				: `still ${job.state}${progress}`;
	return new NodeOperationError(context.getNode(), `Batch job ${job.name} is ${why}`, {
		itemIndex,
		description: isFinished(job.state)
			? 'Submit the items again (Run As: Batch Job) for new images.'
			: 'Get its results once it has succeeded (Google takes up to 24 hours, usually much less), or turn on "Wait for Completion" for short jobs.',
	});
}

/** Get Batch: the job as it stands. */
export async function describeBatch(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: Transport,
): Promise<IDataObject> {
	const job = await transport.getBatch(readBatchName(context, itemIndex));
	if (!job.ok) throw callError(context, job, itemIndex);
	return { ...job.value, finished: isFinished(job.value.state) } as unknown as IDataObject;
}

/** Cancel Batch: asks Google to cancel, then answers the job as it stands. */
export async function cancelBatch(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: Transport,
): Promise<IDataObject> {
	const name = readBatchName(context, itemIndex);
	const cancelled = await transport.cancelBatch(name);
	if (!cancelled.ok) throw callError(context, cancelled, itemIndex);
	return describeBatch(context, itemIndex, transport);
}
