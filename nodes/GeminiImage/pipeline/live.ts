import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { classifyApiError } from '../gemini/errors';
import { buildGenerateContentRequest } from '../gemini/request';
import { apiFailureError, missingKeyError } from '../n8n/failures';
import type { ImageOperation } from '../operations/types';
import type { Transport } from './call';
import { planItem } from './plan';
import type { Outcome } from './results';
import { finishItem, readAnswer } from './results';

/** What every item of a live run shares. */
export interface LiveRun {
	context: IExecuteFunctions;
	operation: ImageOperation;
	transport: Transport;
	secret: string;
}

/**
 * One item through the whole pipeline: plan -> contents (uploads) -> request -> one call per
 * image, in parallel (image models make one image per call) -> answers -> output items.
 */
export async function runLiveItem(
	run: LiveRun,
	itemIndex: number,
	pairedItem: IPairedItemData | IPairedItemData[],
): Promise<INodeExecutionData[]> {
	const { context, transport } = run;
	if (!run.secret) throw missingKeyError(context.getNode(), itemIndex);
	const plan = await planItem(context, run.operation, itemIndex);

	let contents;
	try {
		contents = await transport.contentsOf(plan.prepared.conversation.pending);
	} catch (error) {
		throw apiFailureError(context.getNode(), classifyApiError(error, run.secret), itemIndex);
	}
	const request = buildGenerateContentRequest(plan.settings, contents);
	const outcomes = await Promise.all(
		Array.from({ length: plan.output.numberOfImages }, async (): Promise<Outcome> => {
			const call = await transport.generate(request);
			return call.ok ? readAnswer(call.response) : call;
		}),
	);
	return finishItem(context, plan, outcomes, pairedItem);
}
