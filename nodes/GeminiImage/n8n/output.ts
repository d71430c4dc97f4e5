import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { Conversation } from '../gemini/conversation/conversation';
import {
	CONVERSATION_PROPERTY,
	CONVERSATION_VERSION,
	conversationReference,
} from '../gemini/conversation/conversation';
import { interactionReference } from '../gemini/conversation/storedConversation';
import { writeModelTurn } from './modelTurn';
import type { OutputSettings } from './outputSettings';
import type { MadeImage, RequestSummary } from './outputJson';
import { answerJson } from './outputJson';

/**
 * Shapes the items the next node receives: one per image (or all in one), each with its image
 * as binary data, the answer's JSON, and the conversation so far for a Refine node.
 */
export async function buildImageItems(
	context: IExecuteFunctions,
	made: MadeImage[],
	request: RequestSummary,
	output: OutputSettings,
): Promise<INodeExecutionData[]> {
	const base = { model: request.model, prompt: request.prompt };
	const oneItem = output.imagesOutput === 'oneItem';
	const items: INodeExecutionData[] = [];
	const combined: {
		binary: IBinaryKeyData;
		images: IDataObject[];
		conversation?: Conversation;
		interactionId?: string;
	} = { binary: {}, images: [] };
	// The turns as a JSON file beside the images; the item JSON keeps a small reference. An
	// output property of the same name keeps its image.
	const turnsProperty =
		output.binaryPropertyName === CONVERSATION_PROPERTY
			? `${CONVERSATION_PROPERTY}_turns`
			: CONVERSATION_PROPERTY;
	const stored = request.api === 'interactions';
	/** The conversation as the next node gets it: Google's ID, or the turns file. */
	const writeConversation = async (
		conversation: Conversation,
		interactionId: string | undefined,
	): Promise<{ json: IDataObject | null; binary: IBinaryKeyData }> => {
		if (request.api === 'batch') return { json: null, binary: {} };
		if (stored) {
			const reference = interactionId
				? interactionReference(interactionId, request.model, request.interactionChain)
				: null;
			return { json: reference as unknown as IDataObject | null, binary: {} };
		}
		return {
			json: conversationReference(conversation, turnsProperty) as unknown as IDataObject,
			binary: {
				...request.sentBinaries,
				[turnsProperty]: await context.helpers.prepareBinaryData(
					Buffer.from(JSON.stringify(conversation)),
					'conversation.json',
					'application/json',
				),
			},
		};
	};

	for (const entry of made) {
		const property =
			oneItem && entry.imageNumber > 1
				? `${output.binaryPropertyName}_${entry.imageNumber}`
				: output.binaryPropertyName;
		const { turn, binaries, answer } = await writeModelTurn(
			context,
			entry,
			property,
			request,
			output,
		);
		const conversation: Conversation = {
			version: CONVERSATION_VERSION,
			model: request.model,
			turns: [...request.sentTurns, turn],
		};
		const json: IDataObject = {
			...base,
			...answerJson(entry.content, request),
			...answer.json,
			imageNumber: entry.imageNumber,
			imageCount: output.numberOfImages,
			estimatedCostUsd: request.estimatedCostUsd ?? null,
			...(entry.quotaWaitMs !== undefined
				? { quotaWaitSeconds: Math.round(entry.quotaWaitMs / 100) / 10 }
				: {}),
			...(stored ? { interactionId: entry.content.responseId ?? null } : {}),
		};
		if (oneItem) {
			Object.assign(combined.binary, { [property]: binaries[property] }, binaries);
			combined.images.push({ binaryProperty: property, ...json });
			if (!combined.conversation) {
				combined.conversation = conversation;
				combined.interactionId = entry.content.responseId;
			}
		} else {
			const written = await writeConversation(conversation, entry.content.responseId);
			items.push({
				json: { ...json, conversation: written.json },
				// The new image first: the editor's binary view and "first binary" options show it.
				binary: { [property]: binaries[property], ...binaries, ...written.binary },
				pairedItem: request.pairedItem,
			});
		}
	}

	if (oneItem && combined.conversation) {
		const written = await writeConversation(combined.conversation, combined.interactionId);
		items.push({
			json: {
				...base,
				imageCount: combined.images.length,
				images: combined.images,
				conversation: written.json,
			},
			binary: { ...combined.binary, ...written.binary },
			pairedItem: request.pairedItem,
		});
	}
	return items;
}
