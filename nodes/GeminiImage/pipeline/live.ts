import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { buildGenerateContentRequest } from '../gemini/request';
import { apiFailureError } from '../n8n/failures';
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
	const plan = await planItem(context, run.operation, itemIndex);

	const contents = await transport.contentsOf(plan.prepared.conversation.pending);
	if (!contents.ok) {
		const { failure, attempts } = contents;
		throw apiFailureError(context.getNode(), failure, itemIndex, 1, 1, attempts);
	}
	const request = buildGenerateContentRequest(plan.settings, contents.value);
	const outcomes = await Promise.all(
		Array.from({ length: plan.output.numberOfImages }, async (): Promise<Outcome> => {
			const call = await transport.generate(request, readAnswer);
			return call.ok ? call.value : call;
		}),
	);
	return finishItem(context, plan, outcomes, pairedItem);
}
