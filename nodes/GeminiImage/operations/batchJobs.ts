import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BATCH_POLL_SECONDS, BATCH_WAIT_MINUTES, clampWhole } from '../n8n/limits';
import type { JobOperation } from './types';

/** The Batch resource: jobs submitted with Run As: Batch Job, looked at, collected, cancelled. */
export const getBatchOperation: JobOperation = {
	value: 'getBatch',
	name: 'Get Batch',
	description:
		"A batch job's state (pending, running, succeeded, failed, cancelled, expired), counts and times",
	action: 'Get a batch job',
	properties: [],
};

export const getBatchResultsOperation: JobOperation = {
	value: 'getBatchResults',
	name: 'Get Batch Results',
	description:
		'The images of a finished batch job, one item per request in the order of the items submitted, each with its key and carried field',
	action: 'Get the images of a batch job',
	properties: [],
};

export const cancelBatchOperation: JobOperation = {
	value: 'cancelBatch',
	name: 'Cancel Batch',
	description: 'Cancel a batch job that has not finished',
	action: 'Cancel a batch job',
	properties: [],
};

export const BATCH_OPERATIONS = [getBatchResultsOperation, getBatchOperation, cancelBatchOperation];

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
