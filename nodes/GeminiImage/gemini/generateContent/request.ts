import type { Content, GenerateContentConfig, GenerateContentParameters } from '@google/genai';

import type { GenerationSettings } from '../catalogue/settings';

type ProminentPeopleValue = NonNullable<GenerateContentConfig['imageConfig']>['prominentPeople'];
import { normalizeModelId } from '../catalogue/models';

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
