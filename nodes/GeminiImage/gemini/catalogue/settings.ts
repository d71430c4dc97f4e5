import type { ImageSize, ModelCapabilities, ThinkingLevel } from './models';
import { findModelCapabilities } from './models';
import { currentModelsWith } from './retired';

export type ResponseModality = 'TEXT' | 'IMAGE';

export type SearchType = 'web' | 'image';

export interface SafetySetting {
	category: string;
	threshold: string;
}

/** Everything that shapes one generateContent call, read from the node's parameters. */
export interface GenerationSettings {
	model: string;
	aspectRatio?: string;
	imageSize?: ImageSize;
	responseModalities: ResponseModality[];
	temperature?: number;
	topP?: number;
	seed?: number;
	systemInstruction?: string;
	safetySettings: SafetySetting[];
	thinkingLevel?: ThinkingLevel;
	includeThoughts: boolean;
	googleSearch: boolean;
	/** What grounding searches; unset means Google's default (the web). */
	searchTypes?: SearchType[];
	/** Vertex AI only: what the Gemini API does not take (the SDK refuses them there). */
	vertexImage?: VertexImageOptions;
}

export type VertexOutputFormat = 'image/png' | 'image/jpeg' | 'image/webp';
export type PersonGeneration = 'ALLOW_ALL' | 'ALLOW_ADULT' | 'ALLOW_NONE';
export type ProminentPeople = 'ALLOW_PROMINENT_PEOPLE' | 'BLOCK_PROMINENT_PEOPLE';

export interface VertexImageOptions {
	outputMimeType?: VertexOutputFormat;
	/** 0-100, JPEG and WebP only. */
	outputCompressionQuality?: number;
	personGeneration?: PersonGeneration;
	prominentPeople?: ProminentPeople;
}

/** The setting a problem is about, by its field: the n8n edge knows where the user set it. */
export type SettingField =
	| 'imageSize'
	| 'aspectRatio'
	| 'googleSearch'
	| 'searchTypes'
	| 'thinkingLevel'
	| 'includeThoughts'
	| 'referenceImages'
	| 'referenceRoles'
	| 'compressionQuality';

/** A setting the chosen model cannot take, found before any request is sent. */
export interface SettingProblem {
	field: SettingField;
	message: string;
	hint: string;
	/** The values the model takes instead, where there is a list. */
	allowed?: readonly string[];
}

function listed(values: readonly string[], separator = ', '): string {
	return values.join(separator);
}

/**
 * Checks settings against the model's row in the capability table. An id no row matches
 * yields no problems: the API decides and its answer is shown.
 */
export function findSettingProblems(settings: GenerationSettings): SettingProblem[] {
	const quality = settings.vertexImage?.outputCompressionQuality;
	const qualityProblem: SettingProblem[] =
		quality !== undefined && !(Number.isInteger(quality) && quality >= 0 && quality <= 100)
			? [
					{
						field: 'compressionQuality',
						message: `Compression quality ${quality} is not a whole number from 0 to 100`,
						hint: 'Set a quality from 0 to 100 (75 is a common choice).',
					},
				]
			: [];
	const model = findModelCapabilities(settings.model);
	if (!model) return qualityProblem;
	const problems: SettingProblem[] = [...qualityProblem];

	if (settings.imageSize && !model.imageSizes.includes(settings.imageSize)) {
		problems.push({
			field: 'imageSize',
			message: `${model.displayName} cannot make ${settings.imageSize} images`,
			hint: `Choose one of: ${listed(model.imageSizes)}${largestSizeHint(model)}.`,
			allowed: model.imageSizes,
		});
	}
	if (settings.aspectRatio && !model.aspectRatios.includes(settings.aspectRatio)) {
		problems.push({
			field: 'aspectRatio',
			message: `${model.displayName} does not take the aspect ratio ${settings.aspectRatio}`,
			hint: `Choose one of: ${listed(model.aspectRatios)}.`,
			allowed: model.aspectRatios,
		});
	}
	if (settings.googleSearch && !model.googleSearch) {
		problems.push({
			field: 'googleSearch',
			message: `${model.displayName} cannot ground images with Google Search`,
			hint: `Use ${listed(
				currentModelsWith((m) => m.googleSearch),
				' or ',
			)}.`,
		});
	} else if (
		settings.googleSearch &&
		settings.searchTypes?.includes('image') &&
		!model.imageSearch
	) {
		problems.push({
			field: 'searchTypes',
			message: `${model.displayName} cannot search images, only the web`,
			hint: `Choose "Web" search, or use ${listed(
				currentModelsWith((m) => m.imageSearch),
				' or ',
			)}.`,
			allowed: ['web'],
		});
	}
	problems.push(...findThinkingProblems(settings, model));
	return problems;
}

function largestSizeHint(model: ModelCapabilities): string {
	if (model.imageSizes.includes('4K')) return '';
	const larger = currentModelsWith((m) => m.imageSizes.includes('4K'));
	return ` (for 2K or 4K use ${listed(larger, ' or ')})`;
}

function findThinkingProblems(
	settings: GenerationSettings,
	model: ModelCapabilities,
): SettingProblem[] {
	const asksThinking = settings.thinkingLevel !== undefined || settings.includeThoughts;
	if (!asksThinking || !model.thinking) return [];
	if (model.thinking.kind === 'none') {
		return [
			{
				field: settings.thinkingLevel ? 'thinkingLevel' : 'includeThoughts',
				message: `${model.displayName} does not think, so thinking cannot be set`,
				hint: 'Remove the thinking options, or use a Gemini 3 image model.',
				allowed: [],
			},
		];
	}
	if (settings.thinkingLevel && !model.thinking.levels.includes(settings.thinkingLevel)) {
		return [
			{
				field: 'thinkingLevel',
				message: `${model.displayName} does not take the thinking level ${settings.thinkingLevel}`,
				hint: `Choose one of: ${listed(model.thinking.levels)}.`,
				allowed: model.thinking.levels,
			},
		];
	}
	return [];
}
