import type { Content } from '@google/genai';
import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runsOnVertex } from '../n8n/parameters';

import { explainGoneInteraction } from '../gemini/interactions/gone';
import { apiFailureError } from '../n8n/failures';
import type { ImageOperation, PrepareLookups } from '../operations/types';
import type { Transport } from '../transport/call';
import type { ItemPlan } from './plan';
import { planItem } from './plan';
import { interactionOnVertexError } from './vertexRefusals';
import type { Outcome } from './results';
import { judgeAnswer } from '../transport/answers';
import { finishItem } from './results';

/** What every item of a live run shares. */
export interface LiveRun {
	context: IExecuteFunctions;
	operation: ImageOperation;
	transport: Transport;
	/** Interactions run in the background, polled within the request timeout. */
	background: boolean;
}

/** Google's answers to what an operation asks while preparing, failures naming the item. */
export function lookupsOf(context: IExecuteFunctions, transport: Transport): PrepareLookups {
	return {
		async modelOfInteraction(id, itemIndex) {
			if (runsOnVertex(context)) {
				throw interactionOnVertexError(context.getNode(), id, itemIndex);
			}
			const found = await transport.getInteraction(id);
			if (!found.ok) {
				const failure = explainGoneInteraction(found.failure, id);
				throw apiFailureError(context.getNode(), failure, { itemIndex, attempts: found.attempts });
			}
			const model = (found.value as { model?: unknown } | undefined)?.model;
			if (typeof model === 'string' && model) return model;
			throw new NodeOperationError(
				context.getNode(),
				`Google did not say which model made interaction ${id} (item ${itemIndex})`,
				{
					itemIndex,
					description:
						'Pass the whole "conversation" field of the Gemini Image node that made it, which names its model.',
				},
			);
		},
	};
}

/** An image's answer with how long its calls waited for quota (pacing and shared backoff). */
function withQuotaWait(outcome: Outcome, quotaWaitMs = 0): Outcome {
	return 'made' in outcome ? { ...outcome, quotaWaitMs } : outcome;
}

/** One call per image, in parallel (image models make one image per call), on the plan's API. */
function requestImages(run: LiveRun, plan: ItemPlan, contents: Content[]) {
	const { adapter } = plan;
	const request = adapter.buildRequest(plan.settings, contents, {
		previousInteractionId: plan.prepared.previousInteractionId,
		background: run.background,
	});
	const judge = judgeAnswer(adapter);
	return Promise.all(
		Array.from({ length: plan.output.numberOfImages }, async (): Promise<Outcome> => {
			const call = await run.transport.send(adapter, request, judge);
			return call.ok ? withQuotaWait(call.value, call.quotaWaitMs) : call;
		}),
	);
}

/**
 * One item through the whole pipeline: plan -> contents (uploads) -> request -> one call per
 * image -> answers -> output items.
 */
export async function runLiveItem(
	run: LiveRun,
	itemIndex: number,
	pairedItem: IPairedItemData | IPairedItemData[],
): Promise<INodeExecutionData[]> {
	const { context, transport } = run;
	const plan = await planItem(context, run.operation, itemIndex, lookupsOf(context, transport));

	const contents = await transport.contentsOf(plan.prepared.conversation.pending);
	if (!contents.ok) {
		const { failure, attempts } = contents;
		throw apiFailureError(context.getNode(), failure, { itemIndex, attempts });
	}
	const outcomes = await requestImages(run, plan, contents.value);
	return finishItem(context, plan, outcomes, pairedItem);
}
