/** Checks of generationConfig, safetySettings and tools against one model, as Google makes them. */
import { badRequest, fieldError } from '../server/google-errors';
import type { ModelSpec } from '../models/table';
import type { GenerateContentRequest } from './request-shape';

const API_PACKAGE = 'type.googleapis.com/google.ai.generativelanguage.v1beta';
const MODALITIES = ['TEXT', 'IMAGE', 'AUDIO'];
const THINKING_LEVELS = ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];
const HARM_CATEGORIES = [
	'HARM_CATEGORY_HARASSMENT',
	'HARM_CATEGORY_HATE_SPEECH',
	'HARM_CATEGORY_SEXUALLY_EXPLICIT',
	'HARM_CATEGORY_DANGEROUS_CONTENT',
	'HARM_CATEGORY_CIVIC_INTEGRITY',
];
const HARM_THRESHOLDS = [
	'HARM_BLOCK_THRESHOLD_UNSPECIFIED',
	'BLOCK_LOW_AND_ABOVE',
	'BLOCK_MEDIUM_AND_ABOVE',
	'BLOCK_ONLY_HIGH',
	'BLOCK_NONE',
	'OFF',
];

export interface OutputSettings {
	modalities: string[];
	aspectRatio?: string;
	imageSize?: string;
	seed?: number;
	includeThoughts: boolean;
	thinkingLevel?: string;
	/** Search grounding, when asked for, and what it searches. */
	search?: { web: boolean; image: boolean };
}

/** Google's wording for a value a proto enum or scalar does not take. */
function invalidValue(path: string, type: string, value: unknown): Error {
	return fieldError(path, `Invalid value at '${path}' (${type}), ${JSON.stringify(value)}`);
}

function readModalities(value: unknown, model: ModelSpec): string[] {
	const defaults = model.image ? ['TEXT', 'IMAGE'] : ['TEXT'];
	if (value === undefined) return defaults;
	const path = 'generation_config.response_modalities';
	if (!Array.isArray(value))
		throw invalidValue(path, `${API_PACKAGE}.GenerationConfig.Modality`, value);
	value.forEach((m, i) => {
		if (typeof m !== 'string' || !MODALITIES.includes(m)) {
			throw invalidValue(`${path}[${i}]`, `${API_PACKAGE}.GenerationConfig.Modality`, m);
		}
	});
	const modalities = value as string[];
	if (modalities.length === 0) return defaults;
	const unsupported = modalities.find((m) => m === 'AUDIO' || (m === 'IMAGE' && !model.image));
	if (unsupported) {
		throw badRequest(
			`Model does not support the requested response modalities: ${unsupported.toLowerCase()}`,
		);
	}
	return modalities;
}

function readImageConfig(
	request: GenerateContentRequest,
	model: ModelSpec,
): Partial<OutputSettings> {
	const config = request.generationConfig?.imageConfig;
	if (!config || !model.image) return {};
	const { aspectRatio, imageSize } = config;
	const image = model.image;
	if (
		aspectRatio !== undefined &&
		(typeof aspectRatio !== 'string' || !image.ratios.includes(aspectRatio))
	) {
		throw fieldError(
			'generation_config.image_config.aspect_ratio',
			`Unsupported aspect ratio ${JSON.stringify(aspectRatio)} for models/${model.id}. Supported values are: ${image.ratios.join(', ')}.`,
		);
	}
	if (
		imageSize !== undefined &&
		(typeof imageSize !== 'string' || !image.sizes.includes(imageSize))
	) {
		throw fieldError(
			'generation_config.image_config.image_size',
			`Unsupported image size ${JSON.stringify(imageSize)} for models/${model.id}. Supported values are: ${image.sizes.join(', ')} (case sensitive).`,
		);
	}
	return {
		aspectRatio: aspectRatio as string | undefined,
		imageSize: imageSize as string | undefined,
	};
}

function readThinking(request: GenerateContentRequest, model: ModelSpec): Partial<OutputSettings> {
	const config = request.generationConfig?.thinkingConfig;
	if (!config) return { includeThoughts: false };
	const { includeThoughts, thinkingBudget, thinkingLevel } = config;
	if (includeThoughts !== undefined && typeof includeThoughts !== 'boolean') {
		throw invalidValue(
			'generation_config.thinking_config.include_thoughts',
			'TYPE_BOOL',
			includeThoughts,
		);
	}
	if (
		thinkingLevel !== undefined &&
		(typeof thinkingLevel !== 'string' || !THINKING_LEVELS.includes(thinkingLevel))
	) {
		throw invalidValue(
			'generation_config.thinking_config.thinking_level',
			`${API_PACKAGE}.ThinkingConfig.ThinkingLevel`,
			thinkingLevel,
		);
	}
	if (thinkingBudget !== undefined && !Number.isInteger(thinkingBudget)) {
		throw invalidValue(
			'generation_config.thinking_config.thinking_budget',
			'TYPE_INT32',
			thinkingBudget,
		);
	}
	// Text models are only here so clients can be tested against them; their thinking is not modelled.
	if (!model.image) return { includeThoughts: includeThoughts === true };
	const levels = model.image.thinkingLevels;
	if (!levels) throw badRequest(`Thinking is not enabled for models/${model.id}`);
	if (thinkingLevel !== undefined && thinkingBudget !== undefined) {
		throw badRequest('You can only set only one of thinking budget and thinking level.');
	}
	if (thinkingBudget === 0 && model.image.thinkingAlwaysOn) {
		throw badRequest('Budget 0 is invalid. This model only works in thinking mode.');
	}
	const level = thinkingLevel as string | undefined;
	if (
		level !== undefined &&
		level !== 'THINKING_LEVEL_UNSPECIFIED' &&
		!levels.includes(level as never)
	) {
		// Google's wording, as live answers give it.
		throw badRequest(
			`Thinking level ${level} is not supported for this model. Please retry with other thinking level.`,
		);
	}
	return { includeThoughts: includeThoughts === true, thinkingLevel: level };
}

function checkSafetySettings(request: GenerateContentRequest): void {
	(request.safetySettings ?? []).forEach((setting, i) => {
		if (setting.category !== undefined && !HARM_CATEGORIES.includes(setting.category as string)) {
			throw invalidValue(
				`safety_settings[${i}].category`,
				`${API_PACKAGE}.HarmCategory`,
				setting.category,
			);
		}
		if (setting.threshold !== undefined && !HARM_THRESHOLDS.includes(setting.threshold as string)) {
			throw invalidValue(
				`safety_settings[${i}].threshold`,
				`${API_PACKAGE}.SafetySetting.HarmBlockThreshold`,
				setting.threshold,
			);
		}
	});
}

/** `googleSearch.searchTypes`: none set means web search, Google's default. */
function readSearchTypes(
	tool: Record<string, unknown>,
	model: ModelSpec,
): { web: boolean; image: boolean } {
	const types = (tool.searchTypes ?? tool.search_types) as Record<string, unknown> | undefined;
	if (types === undefined) return { web: true, image: false };
	if (typeof types !== 'object' || types === null || Array.isArray(types)) {
		throw invalidValue('tools[0].google_search.search_types', 'TYPE_MESSAGE', types);
	}
	for (const name of Object.keys(types)) {
		if (!['webSearch', 'web_search', 'imageSearch', 'image_search'].includes(name)) {
			throw fieldError(
				`tools[0].google_search.search_types.${name}`,
				`Invalid JSON payload received. Unknown name "${name}" at 'tools[0].google_search.search_types': Cannot find field.`,
			);
		}
	}
	const web = 'webSearch' in types || 'web_search' in types;
	const image = 'imageSearch' in types || 'image_search' in types;
	if (image && model.image && !model.image.imageSearch) {
		throw badRequest(`Image search is not supported for models/${model.id}.`);
	}
	return { web: web || !image, image };
}

/** Search grounding, when asked for; throws for tools the model does not take. */
function readTools(request: GenerateContentRequest, model: ModelSpec): OutputSettings['search'] {
	let search: OutputSettings['search'];
	for (const tool of request.tools ?? []) {
		for (const name of Object.keys(tool)) {
			if (name === 'googleSearch' || name === 'google_search') {
				if (model.image && !model.image.search)
					throw badRequest('Search Grounding is not supported.');
				search = readSearchTypes((tool[name] ?? {}) as Record<string, unknown>, model);
			} else if (name === 'googleSearchRetrieval') {
				throw badRequest(
					'google_search_retrieval is not supported. Please use google_search tool instead.',
				);
			} else if (model.image) {
				throw badRequest(`Tool ${name} is not supported for models/${model.id}.`);
			}
		}
	}
	return search;
}

export function readOutputSettings(
	request: GenerateContentRequest,
	model: ModelSpec,
): OutputSettings {
	const config = request.generationConfig ?? {};
	const modalities = readModalities(config.responseModalities, model);
	const { candidateCount, seed } = config;
	if (candidateCount !== undefined) {
		if (!Number.isInteger(candidateCount) || (candidateCount as number) < 1) {
			throw invalidValue('generation_config.candidate_count', 'TYPE_INT32', candidateCount);
		}
		if ((candidateCount as number) > 1 && model.image) {
			throw badRequest(`Multiple candidates is not enabled for models/${model.id}`);
		}
	}
	if (seed !== undefined && !Number.isInteger(seed)) {
		throw invalidValue('generation_config.seed', 'TYPE_INT32', seed);
	}
	checkSafetySettings(request);
	const search = readTools(request, model);
	return {
		modalities,
		seed: seed as number | undefined,
		includeThoughts: false,
		...readImageConfig(request, model),
		...readThinking(request, model),
		search,
	};
}
