import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { estimateImageCostUsd } from '../gemini/catalogue/prices';
import { explainGoneInteraction } from '../gemini/interactions/gone';
import { explainRetiredModel } from '../gemini/catalogue/retired';
import { apiFailureError, errorItemJson, missingImageError } from '../n8n/failures';
import { retiredModelAdvice } from '../n8n/labels';
import { buildImageItems } from '../n8n/output';
import type { MadeImage, RequestSummary } from '../n8n/outputJson';
import type { Outcome } from '../transport/answers';
import type { ItemPlan } from './plan';

export type { Outcome } from '../transport/answers';

function summaryOf(plan: ItemPlan, pairedItem: RequestSummary['pairedItem']): RequestSummary {
	const { settings, prepared } = plan;
	return {
		model: settings.model,
		prompt: plan.prompt,
		includeThoughts: settings.includeThoughts,
		googleSearch: settings.googleSearch,
		estimatedCostUsd: estimateImageCostUsd(settings.model, settings.imageSize),
		api: plan.api,
		interactionChain: prepared.interactionChain ?? [],
		sentTurns: prepared.conversation.stored,
		sentBinaries: prepared.conversation.binaries,
		inputConversions: prepared.conversation.conversions,
		mediaInputs: prepared.conversation.media,
		simplify: plan.output.simplify,
		pairedItem,
	};
}

function errorOf(
	context: IExecuteFunctions,
	plan: ItemPlan,
	outcome: Exclude<Outcome, { made: unknown }>,
	imageNumber: number,
): NodeApiError | NodeOperationError {
	const node = context.getNode();
	const count = plan.output.numberOfImages;
	if ('missing' in outcome) {
		return missingImageError(node, outcome.missing, {
			itemIndex: plan.itemIndex,
			imageNumber,
			imageCount: count,
		});
	}
	const continued = plan.prepared.previousInteractionId;
	const failure = continued
		? explainGoneInteraction(outcome.failure, continued)
		: explainRetiredModel(
				outcome.failure,
				plan.settings.model,
				retiredModelAdvice(plan.operation.modelFrom),
			);
	return apiFailureError(node, failure, {
		itemIndex: plan.itemIndex,
		imageNumber,
		imageCount: count,
		attempts: outcome.attempts,
	});
}

/**
 * The second half of the pipeline: the images as output items, and under "Continue On Fail"
 * an error item for each image that failed; without it, the first failure is thrown.
 */
export async function finishItem(
	context: IExecuteFunctions,
	plan: ItemPlan,
	outcomes: Outcome[],
	pairedItem: IPairedItemData | IPairedItemData[],
): Promise<INodeExecutionData[]> {
	const made: MadeImage[] = [];
	const failures: Array<NodeApiError | NodeOperationError> = [];
	outcomes.forEach((outcome, index) => {
		if ('made' in outcome) {
			made.push({
				content: outcome.made,
				images: outcome.images,
				imageNumber: index + 1,
				quotaWaitMs: outcome.quotaWaitMs,
			});
		} else failures.push(errorOf(context, plan, outcome, index + 1));
	});
	if (failures.length > 0 && !context.continueOnFail()) throw failures[0];
	const items = await buildImageItems(context, made, summaryOf(plan, pairedItem), plan.output);
	for (const failure of failures) items.push({ json: errorItemJson(failure), pairedItem });
	return items;
}
