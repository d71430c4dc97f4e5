import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isModelId, normalizeModelId } from '../gemini/catalogue/models';
import { findMediaProblems, findReferenceProblems } from '../gemini/catalogue/references';
import type { GenerationSettings } from '../gemini/catalogue/settings';
import { findSettingProblems } from '../gemini/catalogue/settings';
import { settingProblemError } from '../n8n/failures';
import type { OutputSettings } from '../n8n/outputSettings';
import { readOutputSettings } from '../n8n/outputSettings';
import { readGenerationOptions, readModel, readPrompt } from '../n8n/parameters';
import type { GeminiApi } from '../gemini/catalogue/apis';
import type { ApiAdapter } from '../gemini/generateContent/adapter';
import { generateContentAdapter } from '../gemini/generateContent/adapter';
import { interactionsAdapter } from '../gemini/interactions/adapter';
import type { ImageOperation, PrepareLookups, PreparedRequest } from '../operations/types';
import { readApi, runsOnVertex } from '../n8n/parameters';
import { refuseItemOnVertex } from './vertexRefusals';

/** One item, ready to become requests: its turns, its checked settings, how it leaves the node. */
export interface ItemPlan {
	itemIndex: number;
	prompt: string;
	operation: ImageOperation;
	prepared: PreparedRequest;
	settings: GenerationSettings;
	output: OutputSettings;
	/** Where the item goes: a continued interaction stays there; a turns conversation, too. */
	api: GeminiApi;
	/** That API's requests and answers. */
	adapter: ApiAdapter;
}

/** The one place an API becomes its adapter. */
const ADAPTERS: Record<GeminiApi, ApiAdapter> = {
	generateContent: generateContentAdapter,
	interactions: interactionsAdapter,
};

function apiOf(
	context: IExecuteFunctions,
	operation: ImageOperation,
	prepared: PreparedRequest,
	itemIndex: number,
): GeminiApi {
	if (prepared.previousInteractionId) return 'interactions';
	// Vertex AI has no Interactions API: every request is a generateContent call.
	if (runsOnVertex(context)) return 'generateContent';
	// Batch jobs are generateContent's alone, whatever the (hidden) API parameter holds.
	if (context.getNodeParameter('runAs', itemIndex, 'live') === 'batch') return 'generateContent';
	return operation.modelFrom === 'conversation' ? 'generateContent' : readApi(context, itemIndex);
}

/** The Options collection, with the model and the search the operation's facts decide. */
function settingsOf(
	context: IExecuteFunctions,
	operation: ImageOperation,
	prepared: PreparedRequest,
	itemIndex: number,
): GenerationSettings {
	const fromConversation = operation.modelFrom === 'conversation' && prepared.model;
	const model = fromConversation
		? normalizeModelId(prepared.model ?? '')
		: readModel(context, itemIndex);
	if (!isModelId(model)) {
		// It would become part of the request's path: refuse it rather than send it.
		throw new NodeOperationError(
			context.getNode(),
			`The model id ${JSON.stringify(model.slice(0, 60))} is not a model id (item ${itemIndex})`,
			{
				itemIndex,
				description: fromConversation
					? "The conversation's model was changed on the way: start a new conversation."
					: 'Parameter "Model": pick a model from the list, or type an id of letters, digits, dots and dashes, e.g. gemini-nano-banana-2.1.',
			},
		);
	}
	return {
		model,
		...readGenerationOptions(context, itemIndex),
		googleSearch: operation.grounded,
		searchTypes: prepared.searchTypes,
	};
}

/** Refuses, before anything is sent, a setting or a reference count the model cannot take. */
function checkSettings(context: IExecuteFunctions, plan: ItemPlan): void {
	const { settings, prepared, itemIndex } = plan;
	const [problem] = [
		...findSettingProblems(settings),
		...findReferenceProblems(settings.model, prepared.referenceRoles),
		...findMediaProblems(
			settings.model,
			prepared.conversation.media.map((input) => ({
				kind: input.kind,
				name: `"${input.binaryProperty}"${input.fileName ? ` (${input.fileName})` : ''}`,
				sizeBytes: input.sizeBytes,
			})),
		),
	];
	if (problem) {
		throw settingProblemError(context.getNode(), problem, itemIndex, prepared.referenceLabels);
	}
	if (!plan.adapter.takesSafetySettings && settings.safetySettings.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Safety Settings cannot be sent with the Interactions API (item ${itemIndex})`,
			{
				itemIndex,
				description:
					'Google\'s Interactions API takes no custom safety settings. Remove "Options > Safety Settings", or set "API" to generateContent.',
			},
		);
	}
}

/**
 * The first half of the pipeline, shared by every path to Google: the prompt, the operation's
 * turns, the settings, and every check. Throws the error the user reads, naming the item.
 */
export async function planItem(
	context: IExecuteFunctions,
	operation: ImageOperation,
	itemIndex: number,
	lookups: PrepareLookups,
): Promise<ItemPlan> {
	const prompt = readPrompt(context, itemIndex);
	const prepared = await operation.prepare(context, itemIndex, prompt, lookups);
	const settings = settingsOf(context, operation, prepared, itemIndex);
	const output = readOutputSettings(context, itemIndex);
	const api = apiOf(context, operation, prepared, itemIndex);
	const adapter = ADAPTERS[api];
	const plan = { itemIndex, prompt, operation, prepared, settings, output, api, adapter };
	checkSettings(context, plan);
	if (runsOnVertex(context)) {
		const { previousInteractionId, conversation } = prepared;
		refuseItemOnVertex(context.getNode(), itemIndex, previousInteractionId, conversation.pending);
	}
	return plan;
}
