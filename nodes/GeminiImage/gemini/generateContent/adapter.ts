import type {
	Content,
	GenerateContentConfig,
	GenerateContentParameters,
	GenerateContentResponse,
} from '@google/genai';

import type { GeminiApi } from '../catalogue/apis';
import { normalizeModelId } from '../catalogue/models';
import type { GenerationSettings } from '../catalogue/settings';
import type { GeminiClient } from '../connection/client';
import type { GeneratedContent } from './response';
import { readGeneratedContent } from './response';

type ProminentPeopleValue = NonNullable<GenerateContentConfig['imageConfig']>['prominentPeople'];

/** The Vertex-only fields, in the SDK's names (it maps them to Vertex's request itself). */
function vertexImageConfig(options: GenerationSettings['vertexImage']) {
	if (!options) return {};
	const config: NonNullable<GenerateContentConfig['imageConfig']> = {};
	if (options.outputMimeType) config.outputMimeType = options.outputMimeType;
	if (options.outputCompressionQuality !== undefined && options.outputMimeType !== 'image/png') {
		config.outputCompressionQuality = options.outputCompressionQuality;
	}
	if (options.personGeneration) config.personGeneration = options.personGeneration;
	if (options.prominentPeople)
		config.prominentPeople = options.prominentPeople as ProminentPeopleValue;
	return config;
}

/**
 * Builds the SDK call for one image. Pure: the same settings and contents always give the
 * same request. Every field is camelCase, since the SDK drops snake_case parts silently.
 */
export function buildGenerateContentRequest(
	settings: GenerationSettings,
	contents: Content[],
): GenerateContentParameters {
	const config: GenerateContentConfig = {
		responseModalities: [...settings.responseModalities],
	};
	const imageConfig: NonNullable<GenerateContentConfig['imageConfig']> = {};
	if (settings.aspectRatio) imageConfig.aspectRatio = settings.aspectRatio;
	if (settings.imageSize) imageConfig.imageSize = settings.imageSize;
	Object.assign(imageConfig, vertexImageConfig(settings.vertexImage));
	if (Object.keys(imageConfig).length > 0) config.imageConfig = imageConfig;

	if (settings.temperature !== undefined) config.temperature = settings.temperature;
	if (settings.topP !== undefined) config.topP = settings.topP;
	if (settings.seed !== undefined) config.seed = settings.seed;
	if (settings.systemInstruction) {
		config.systemInstruction = { parts: [{ text: settings.systemInstruction }] };
	}
	if (settings.safetySettings.length > 0) {
		config.safetySettings = settings.safetySettings.map(({ category, threshold }) => ({
			category,
			threshold,
		})) as GenerateContentConfig['safetySettings'];
	}
	if (settings.thinkingLevel !== undefined || settings.includeThoughts) {
		config.thinkingConfig = {
			...(settings.includeThoughts ? { includeThoughts: true } : {}),
			...(settings.thinkingLevel ? { thinkingLevel: settings.thinkingLevel } : {}),
		} as GenerateContentConfig['thinkingConfig'];
	}
	if (settings.googleSearch) config.tools = [{ googleSearch: googleSearchTool(settings) }];

	return { model: normalizeModelId(settings.model), contents, config };
}

/**
 * Web search alone is Google's default and every grounding model takes it as `{}`; image
 * search is asked for by name (Nano Banana 2 and 2.1).
 */
function googleSearchTool(settings: GenerationSettings) {
	const types = settings.searchTypes ?? ['web'];
	if (!types.includes('image')) return {};
	return {
		searchTypes: {
			...(types.includes('web') ? { webSearch: {} } : {}),
			imageSearch: {},
		},
	};
}

/** What a request continues, on the API that keeps conversations. */
export interface RequestOptions {
	previousInteractionId?: string;
	/** Run in the background and be polled within the request timeout. */
	background?: boolean;
}

/**
 * One of Google's APIs to an image model, in one small shape: the live and batch paths know
 * no API by name, only its adapter.
 */
export interface ApiAdapter<Request extends { model: string } = { model: string }> {
	api: GeminiApi;
	/** Whether the API takes custom safety settings. */
	takesSafetySettings: boolean;
	/** The request for one image, from checked settings and the turns as contents. Pure. */
	buildRequest(settings: GenerationSettings, contents: Content[], options: RequestOptions): Request;
	/** Sends it once: retries, limits and pacing are the transport's. */
	send(client: GeminiClient, request: Request): Promise<unknown>;
	/** Its raw answer, read into the one shape both APIs answer in. Pure. */
	readContent(answer: unknown): GeneratedContent;
}

export const generateContentAdapter: ApiAdapter<GenerateContentParameters> = {
	api: 'generateContent',
	takesSafetySettings: true,
	buildRequest: (settings, contents) => buildGenerateContentRequest(settings, contents),
	send: (client, request) => client.generateContent(request),
	readContent: (answer) => readGeneratedContent(answer as GenerateContentResponse),
};
