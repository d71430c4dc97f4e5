import type { Content, GenerateContentConfig, GenerateContentParameters } from '@google/genai';

import type { GenerationSettings } from './settings';
import { normalizeModelId } from './models';

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
