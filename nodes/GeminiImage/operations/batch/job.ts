/** What the Batch resource's operations share: the job an item names, reading it, waiting. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinished } from '../../gemini/batch/lines';
import type { BatchJobView } from '../../gemini/batch/job';
import { sleep } from '../../gemini/connection/wait';
import { apiFailureError } from '../../n8n/failures';
import { BATCH_POLL_SECONDS, BATCH_WAIT_MINUTES, clampWhole } from '../../n8n/limits';
import type { Transport } from '../../transport/call';

/** Google's job names: batches/ and letters, digits, dashes. */
const BATCH_NAME = /^batches\/[A-Za-z0-9_-]{1,200}$/;

/** The job a Batch operation is about, checked before it becomes part of a path. */
export function readBatchName(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('batchJob', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	const text = String(value ?? '').trim();
	const name = text.startsWith('batches/') ? text : `batches/${text}`;
	if (text && BATCH_NAME.test(name)) return name;
	throw new NodeOperationError(context.getNode(), `No batch job is named for item ${itemIndex}`, {
		itemIndex,
		description: text
			? `Parameter "Batch Job": ${JSON.stringify(text.slice(0, 80))} is not a job name (batches/ and letters, digits, dashes), e.g. the "name" a Run As: Batch Job node output.`
			: 'Parameter "Batch Job": pick a job from the list, or give its name, e.g. {{ $json.name }} after a Run As: Batch Job node.',
	});
}

export interface BatchWait {
	wait: boolean;
	pollMs: number;
	maxWaitMs: number;
}

export function readBatchWait(context: IExecuteFunctions, itemIndex: number): BatchWait {
	return {
		wait: context.getNodeParameter('waitForCompletion', itemIndex, false) === true,
		pollMs:
			clampWhole(context.getNodeParameter('pollSeconds', itemIndex, 30), BATCH_POLL_SECONDS) * 1000,
		maxWaitMs:
			clampWhole(context.getNodeParameter('maxWaitMinutes', itemIndex, 10), BATCH_WAIT_MINUTES) *
			60_000,
	};
}

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
