import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { VERTEX_BATCH_HINT } from '../../description/batch';
import { isFinished } from '../../gemini/batch/lines';
import type { Transport } from '../../transport/call';
import type { JobOperation } from '../types';
import { callError, readBatchName } from './job';

/** The job as it stands. */
export async function describeBatch(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: Transport,
): Promise<IDataObject> {
	const job = await transport.getBatch(readBatchName(context, itemIndex));
	if (!job.ok) throw callError(context, job, itemIndex);
	return { ...job.value, finished: isFinished(job.value.state) } as unknown as IDataObject;
}

export const getBatchOperation: JobOperation = {
	value: 'getBatch',
	name: 'Get Batch',
	description:
		"A batch job's state (pending, running, succeeded, failed, cancelled, expired), counts and times",
	action: 'Get a batch job',
	properties: [],
	notOnVertex: VERTEX_BATCH_HINT,
	async execute(context, itemIndex, transport, pairedItem) {
		return [{ json: await describeBatch(context, itemIndex, transport), pairedItem }];
	},
};
