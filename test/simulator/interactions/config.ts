/**
 * generation_config, response_format and tools of an interaction, as generateContent's
 * generationConfig and tools. response_format ({type: 'image', aspect_ratio, image_size,
 * mime_type, delivery}, one object or in a list) is the form the SDK documents as current; the
 * fields it marks deprecated (generation_config.image_config, response_modalities,
 * response_mime_type) are refused, so a client that still sends them shows up in tests. Values
 * pass through unchecked (only their spelling changes: "16:9" stays, "minimal" becomes MINIMAL) so
 * generateContent's checks answer with their own messages. safety_settings is refused, as Google's
 * documentation says it is not supported.
 */
import { fieldError } from '../server/google-errors';
import { safetySettingsUnsupported, unsupportedMimeType } from './errors';
import { isJson, readMessage, type Json } from './fields';
import type { GenerateContentRequest, GenerationConfig } from '../generate/request-shape';

const GENERATION_CONFIG = [
	'max_output_tokens',
	'seed',
	'speech_config',
	'stop_sequences',
	'temperature',
	'thinking_level',
	'thinking_summaries',
	'tool_choice',
	'top_p',
	'transcription_config',
	'video_config',
];
const IMAGE_FORMAT = ['type', 'aspect_ratio', 'image_size', 'mime_type', 'delivery'];

const upper = (value: unknown): unknown =>
	typeof value === 'string' ? value.toUpperCase() : value;

/** The image entry of response_format (one object or a list), if any. */
function imageFormat(value: unknown): Json {
	const entries = Array.isArray(value) ? value : value === undefined ? [] : [value];
	const image = entries.find((entry) => isJson(entry) && entry.type === 'image');
	return readMessage(image, IMAGE_FORMAT, 'response_format');
}

const DEPRECATED: Record<string, (body: Json) => unknown> = {
	'generation_config.image_config': (body) =>
		isJson(body.generation_config) ? body.generation_config.image_config : undefined,
	response_modalities: (body) => body.response_modalities,
	response_mime_type: (body) => body.response_mime_type,
};

/** A field the SDK marks deprecated, named with the form that replaces it. */
function refuseDeprecated(body: Json): void {
	for (const [path, read] of Object.entries(DEPRECATED)) {
		if (read(body) === undefined) continue;
		throw fieldError(
			path,
			`${path} is deprecated: use response_format, e.g. {"type": "image", "aspect_ratio": "16:9", "image_size": "2K"}.`,
		);
	}
}

function imageConfig(format: Json): GenerationConfig['imageConfig'] {
	const { aspect_ratio: aspectRatio, image_size: imageSize } = format;
	if (aspectRatio === undefined && imageSize === undefined) return undefined;
	return {
		...(aspectRatio !== undefined ? { aspectRatio } : {}),
		...(imageSize !== undefined ? { imageSize } : {}),
	};
}

function thinkingConfig(config: Json): GenerationConfig['thinkingConfig'] {
	const { thinking_level: level, thinking_summaries: summaries } = config;
	if (level === undefined && summaries === undefined) return undefined;
	if (summaries !== undefined && summaries !== 'auto' && summaries !== 'none') {
		throw fieldError(
			'generation_config.thinking_summaries',
			`Invalid value at 'generation_config.thinking_summaries', ${JSON.stringify(summaries)}`,
		);
	}
	return {
		...(level !== undefined ? { thinkingLevel: upper(level) } : {}),
		...(summaries !== undefined ? { includeThoughts: summaries === 'auto' } : {}),
	};
}

function generationConfig(body: Json, format: Json): GenerationConfig | undefined {
	const config = readMessage(body.generation_config, GENERATION_CONFIG, 'generation_config');
	const out: GenerationConfig = {};
	if (config.temperature !== undefined) out.temperature = config.temperature;
	if (config.top_p !== undefined) out.topP = config.top_p;
	if (config.seed !== undefined) out.seed = config.seed;
	if (config.max_output_tokens !== undefined) out.maxOutputTokens = config.max_output_tokens;
	if (config.stop_sequences !== undefined) out.stopSequences = config.stop_sequences;
	const image = imageConfig(format);
	if (image) out.imageConfig = image;
	const thinking = thinkingConfig(config);
	if (thinking) out.thinkingConfig = thinking;
	return Object.keys(out).length > 0 ? out : undefined;
}

const camelCase = (name: string): string =>
	name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** {type: 'google_search', search_types: ['image_search']} → {googleSearch: {searchTypes: {...}}}. */
function tools(value: unknown): GenerateContentRequest['tools'] {
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) {
		throw fieldError('tools', "Invalid JSON payload received. Expected a list at 'tools'.");
	}
	return value.map((tool, i) => {
		if (!isJson(tool) || typeof tool.type !== 'string') {
			throw fieldError(
				`tools[${i}].type`,
				`Invalid value at 'tools[${i}].type', ${JSON.stringify(isJson(tool) ? tool.type : tool)}`,
			);
		}
		const { type, ...settings } = tool;
		if (type !== 'google_search') return { [camelCase(type)]: settings };
		const types = settings.search_types;
		const searchTypes = Array.isArray(types)
			? Object.fromEntries(types.map((name) => [String(name), {}]))
			: types;
		return { googleSearch: types === undefined ? {} : { searchTypes } };
	});
}

export interface InteractionConfig {
	/** The request without contents and systemInstruction. */
	request: GenerateContentRequest;
	/** response_format.mime_type 'image/jpeg': the image comes as a JPEG whatever the model. */
	jpeg: boolean;
}

export function readInteractionConfig(body: Json): InteractionConfig {
	if (body.safety_settings !== undefined) throw safetySettingsUnsupported();
	refuseDeprecated(body);
	const request: GenerateContentRequest = {};
	const format = imageFormat(body.response_format);
	if (format.mime_type !== undefined && format.mime_type !== 'image/jpeg') {
		throw unsupportedMimeType(format.mime_type);
	}
	const config = generationConfig(body, format);
	if (config) request.generationConfig = config;
	const toolList = tools(body.tools);
	if (toolList) request.tools = toolList;
	return { request, jpeg: format.mime_type === 'image/jpeg' };
}
