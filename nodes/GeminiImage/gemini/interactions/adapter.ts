import type { Content, Part } from '@google/genai';

import { normalizeModelId } from '../catalogue/models';
import type { GenerationSettings } from '../catalogue/settings';
import type { ApiAdapter } from '../generateContent/adapter';
import { readInteractionContent } from './answer';

/**
 * The Interactions API's create body, as @google/genai 3.1 sends it (snake_case): only what
 * this node sets. Google keeps the interaction (`store`), so the next turn names it with
 * `previous_interaction_id` and sends only its new input.
 */
export interface InteractionRequest {
	model: string;
	input: InteractionContent[];
	previous_interaction_id?: string;
	store: true;
	background?: true;
	system_instruction?: string;
	/** Image settings; `generation_config.image_config` is Google's deprecated form. */
	response_format: { type: 'image'; aspect_ratio?: string; image_size?: string };
	generation_config?: {
		temperature?: number;
		top_p?: number;
		seed?: number;
		thinking_level?: string;
		thinking_summaries?: 'auto';
	};
	tools?: Array<{ type: 'google_search'; search_types?: string[] }>;
}

type MediaType = 'image' | 'video' | 'document';

export type InteractionContent =
	| { type: 'text'; text: string }
	| { type: MediaType; data: string; mime_type: string }
	| { type: MediaType; uri: string; mime_type: string };

/** The Interactions API names each input by kind: a video or a PDF is not an image there. */
function mediaTypeOf(mimeType: string): MediaType {
	if (mimeType.startsWith('video/')) return 'video';
	return mimeType === 'application/pdf' ? 'document' : 'image';
}

/** One user turn's parts as Interactions content: text, inline images, uploaded files. */
export function toInteractionContent(parts: readonly Part[]): InteractionContent[] {
	const content: InteractionContent[] = [];
	for (const part of parts) {
		if (part.inlineData?.data) {
			const mimeType = part.inlineData.mimeType ?? 'image/png';
			content.push({
				type: mediaTypeOf(mimeType),
				data: part.inlineData.data,
				mime_type: mimeType,
			});
		} else if (part.fileData?.fileUri) {
			const mimeType = part.fileData.mimeType ?? 'image/png';
			content.push({
				type: mediaTypeOf(mimeType),
				uri: part.fileData.fileUri,
				mime_type: mimeType,
			});
		} else if (part.text !== undefined) {
			content.push({ type: 'text', text: part.text });
		}
	}
	return content;
}

function searchTypesOf(settings: GenerationSettings): string[] | undefined {
	const types = settings.searchTypes ?? ['web'];
	if (!types.includes('image')) return undefined;
	return types.map((type) => (type === 'image' ? 'image_search' : 'web_search'));
}

export interface InteractionOptions {
	previousInteractionId?: string;
	background?: boolean;
}

/**
 * Builds the create body for one image: the same settings generateContent gets, in the
 * Interactions API's words. Only the last user turn is input: anything earlier is the stored
 * interaction's. Safety settings and Output Content have no place here (the Interactions API
 * takes no custom safety settings; checks refuse them before). Pure.
 */
export function buildInteractionRequest(
	settings: GenerationSettings,
	contents: readonly Content[],
	options: InteractionOptions = {},
): InteractionRequest {
	const userTurn = contents[contents.length - 1];
	const request: InteractionRequest = {
		model: normalizeModelId(settings.model),
		input: toInteractionContent(userTurn?.parts ?? []),
		store: true,
		response_format: { type: 'image' },
	};
	if (options.previousInteractionId) {
		request.previous_interaction_id = options.previousInteractionId;
	}
	if (options.background) request.background = true;
	if (settings.systemInstruction) request.system_instruction = settings.systemInstruction;

	if (settings.aspectRatio) request.response_format.aspect_ratio = settings.aspectRatio;
	if (settings.imageSize) request.response_format.image_size = settings.imageSize;
	const config: NonNullable<InteractionRequest['generation_config']> = {};
	if (settings.temperature !== undefined) config.temperature = settings.temperature;
	if (settings.topP !== undefined) config.top_p = settings.topP;
	if (settings.seed !== undefined) config.seed = settings.seed;
	if (settings.thinkingLevel) config.thinking_level = settings.thinkingLevel.toLowerCase();
	if (settings.includeThoughts) config.thinking_summaries = 'auto';
	if (Object.keys(config).length > 0) request.generation_config = config;

	if (settings.googleSearch) {
		const searchTypes = searchTypesOf(settings);
		request.tools = [
			{ type: 'google_search', ...(searchTypes ? { search_types: searchTypes } : {}) },
		];
	}
	return request;
}

/** The Interactions API: Google keeps each exchange; a continuation sends only its new turn. */
export const interactionsAdapter: ApiAdapter<InteractionRequest> = {
	api: 'interactions',
	// Google's Interactions API takes no custom safety settings.
	takesSafetySettings: false,
	buildRequest: (settings, contents, options) =>
		buildInteractionRequest(settings, contents, options),
	send: (client, request) => client.createInteraction(request),
	readContent: readInteractionContent,
};
