import type { IBinaryKeyData, IDataObject, IPairedItemData } from 'n8n-workflow';

import type { DecodedImage } from '../gemini/generateContent/answerImages';
import type { GeminiApi } from '../gemini/catalogue/apis';
import type { StoredTurn } from '../gemini/conversation/conversation';
import type { GeneratedContent } from '../gemini/generateContent/response';
import type { InputConversion } from './inputImages';
import type { MediaInput } from './inputReferences';

/** One image the model made for an item, with the answer it came in. */
export interface MadeImage {
	/** The answer, its image (`content.image`) set. */
	content: GeneratedContent;
	/** Its image parts, decoded and checked, by part index. */
	images: Map<number, DecodedImage>;
	imageNumber: number;
	/** How long its calls waited for the quota (pacing, and 429 delays shared by the run). */
	quotaWaitMs?: number;
}

/** What the request was, for the JSON and the conversation every output item carries. */
export interface RequestSummary {
	model: string;
	/**
	 * On the Interactions API the conversation is Google's: the output carries its ID only. A
	 * batch answer starts no conversation (its request is not at hand).
	 */
	api: GeminiApi | 'batch';
	/** The interactions before this answer's, oldest first. */
	interactionChain: string[];
	prompt: string;
	includeThoughts: boolean;
	googleSearch: boolean;
	/** List price of one image, where Google publishes one. */
	estimatedCostUsd?: number;
	/** Turns sent, with binary references, and the binaries they refer to. */
	sentTurns: StoredTurn[];
	sentBinaries: IBinaryKeyData;
	/** Input images sent in another form than the items hold them. */
	inputConversions: InputConversion[];
	/** The videos and PDFs among the references (none: the field stays out of the output). */
	mediaInputs?: MediaInput[];
	/** Leave out what a storage node does not need (usage details, ids). */
	simplify: boolean;
	pairedItem: IPairedItemData | IPairedItemData[];
}

/**
 * Present for every grounded request (empty when Google found nothing), absent otherwise: web
 * sources, and for image search the pictures with the pages they come from.
 */
function groundingJson(content: GeneratedContent, grounded: boolean): IDataObject {
	const grounding = content.grounding ?? (grounded ? {} : undefined);
	if (!grounding) return {};
	const chunks = grounding.groundingChunks ?? [];
	return {
		sources: chunks
			.map((chunk) => chunk.web)
			.filter((web) => web?.uri)
			.map((web) => ({ title: web?.title ?? '', url: web?.uri ?? '' })),
		searchQueries: grounding.webSearchQueries ?? [],
		imageSources: chunks
			.map((chunk) => chunk.image)
			.filter((image) => image?.imageUri || image?.sourceUri)
			.map((image) => ({
				title: image?.title ?? '',
				domain: image?.domain ?? '',
				imageUrl: image?.imageUri ?? '',
				sourceUrl: image?.sourceUri ?? '',
			})),
		imageSearchQueries: grounding.imageSearchQueries ?? [],
		searchEntryPoint: grounding.searchEntryPoint?.renderedContent ?? '',
	};
}

export function answerJson(content: GeneratedContent, request: RequestSummary): IDataObject {
	return {
		text: content.text,
		...(request.includeThoughts ? { thoughts: content.thoughts } : {}),
		finishReason: content.finishReason ?? null,
		...groundingJson(content, request.googleSearch),
		...(request.inputConversions.length > 0
			? { convertedInputs: request.inputConversions as unknown as IDataObject[] }
			: {}),
		...(request.mediaInputs?.length
			? { mediaInputs: request.mediaInputs as unknown as IDataObject[] }
			: {}),
		...(request.simplify
			? {}
			: {
					usage: (content.usage as IDataObject | undefined) ?? null,
					modelVersion: content.modelVersion ?? null,
					responseId: content.responseId ?? null,
				}),
	};
}
