import { VERTEX_BATCH_HINT } from '../../description/batch';
import type { JobOperation } from '../types';
import { describeBatch } from './getBatch';
import { callError, readBatchName } from './job';

export const cancelBatchOperation: JobOperation = {
	value: 'cancelBatch',
	name: 'Cancel Batch',
	description: 'Cancel a batch job that has not finished',
	action: 'Cancel a batch job',
	properties: [],
	notOnVertex: VERTEX_BATCH_HINT,
	/** Asks Google to cancel, then answers the job as it stands. */
	async execute(context, itemIndex, transport, pairedItem) {
		const name = readBatchName(context, itemIndex);
		const cancelled = await transport.cancelBatch(name);
		if (!cancelled.ok) throw callError(context, cancelled, itemIndex);
		return [{ json: await describeBatch(context, itemIndex, transport), pairedItem }];
	},
};
