import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GeminiApi } from '../gemini/catalogue/apis';
import { isGeminiApi } from '../gemini/catalogue/apis';
import type { ImageSize, ThinkingLevel } from '../gemini/catalogue/models';
import { normalizeModelId } from '../gemini/catalogue/models';
import type {
	GenerationSettings,
	PersonGeneration,
	ProminentPeople,
	ResponseModality,
	SafetySetting,
	VertexImageOptions,
	VertexOutputFormat,
} from '../gemini/catalogue/settings';
import {
	MAX_RETRIES,
	MAX_RETRY_WAIT_SECONDS,
	PARALLEL_REQUESTS,
	REQUESTS_PER_MINUTE,
	TIMEOUT_SECONDS,
	clampWhole,
} from './limits';

/** The generation settings the Options collection holds; the operation adds model and search. */
export type GenerationOptions = Omit<GenerationSettings, 'model' | 'googleSearch' | 'searchTypes'>;

export function readPrompt(context: IExecuteFunctions, itemIndex: number): string {
	const prompt = context.getNodeParameter('prompt', itemIndex, '') as unknown;
	const text = typeof prompt === 'string' ? prompt : prompt == null ? '' : String(prompt);
	if (!text.trim()) {
		throw new NodeOperationError(context.getNode(), `The prompt is empty for item ${itemIndex}`, {
			itemIndex,
			description:
				'Parameter "Prompt": type what the image should show, or check that its expression gives text for this item.',
		});
	}
	return text.trim();
}

export function readModel(context: IExecuteFunctions, itemIndex: number): string {
	const model = context.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const id = normalizeModelId(String(model ?? ''));
	if (!id) {
		throw new NodeOperationError(context.getNode(), `No model is chosen for item ${itemIndex}`, {
			itemIndex,
			description: 'Parameter "Model": pick an image model from the list or type its id.',
		});
	}
	return id;
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

export function optionalNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readSafetySettings(options: IDataObject): SafetySetting[] {
	const collection = options.safetySettings as { setting?: SafetySetting[] } | undefined;
	return (collection?.setting ?? []).map(({ category, threshold }) => ({ category, threshold }));
}

function readModalities(value: unknown): ResponseModality[] {
	return value === 'IMAGE' ? ['IMAGE'] : ['TEXT', 'IMAGE'];
}

/** "auto" and "default" mean: leave it to the model. */
function chosen<T extends string>(value: unknown, unset: string): T | undefined {
	return typeof value === 'string' && value && value !== unset ? (value as T) : undefined;
}

export function readGenerationOptions(
	context: IExecuteFunctions,
	itemIndex: number,
): GenerationOptions {
	const options = readOptions(context, itemIndex);
	const seed = optionalNumber(options.seed);
	return {
		aspectRatio: chosen(options.aspectRatio, 'auto'),
		imageSize: chosen<ImageSize>(options.imageSize, 'auto'),
		responseModalities: readModalities(options.responseModalities),
		temperature: optionalNumber(options.temperature),
		topP: optionalNumber(options.topP),
		seed: seed ? Math.trunc(seed) : undefined,
		systemInstruction: (options.systemInstruction as string | undefined)?.trim() || undefined,
		safetySettings: readSafetySettings(options),
		thinkingLevel: chosen<ThinkingLevel>(options.thinkingLevel, 'default'),
		includeThoughts: options.includeThoughts === true,
		vertexImage: runsOnVertex(context) ? readVertexImageOptions(options) : undefined,
	};
}

/** Whether the node uses the Vertex AI credential (its Authentication; the Gemini API if unset). */
export function runsOnVertex(context: IExecuteFunctions): boolean {
	return context.getNodeParameter('authentication', 0, 'apiKey') === 'vertexAi';
}

const VERTEX_FORMATS: readonly VertexOutputFormat[] = ['image/png', 'image/jpeg', 'image/webp'];
const PERSON_GENERATION: readonly PersonGeneration[] = ['ALLOW_ALL', 'ALLOW_ADULT', 'ALLOW_NONE'];
const PROMINENT_PEOPLE: readonly ProminentPeople[] = [
	'ALLOW_PROMINENT_PEOPLE',
	'BLOCK_PROMINENT_PEOPLE',
];

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
	return allowed.includes(value as T) ? (value as T) : undefined;
}

function readVertexImageOptions(options: IDataObject): VertexImageOptions | undefined {
	const read: VertexImageOptions = {
		outputMimeType: oneOf(options.outputFormat, VERTEX_FORMATS),
		outputCompressionQuality: optionalNumber(options.compressionQuality),
		personGeneration: oneOf(options.personGeneration, PERSON_GENERATION),
		prominentPeople: oneOf(options.prominentPeople, PROMINENT_PEOPLE),
	};
	const set = Object.entries(read).filter(([, value]) => value !== undefined);
	return set.length > 0 ? (Object.fromEntries(set) as VertexImageOptions) : undefined;
}

/** Settings of the whole run, read once from the first item. */
export interface RunSettings {
	parallelRequests: number;
	maxRetries: number;
	/** The longest wait a 429 may ask before a retry. */
	maxRetryWaitMs: number;
	timeoutMs: number;
	/** Interactions run in the background, polled (bounded by the timeout). */
	background: boolean;
	/** The quota to pace to, per credential and model; 0 paces nothing. */
	requestsPerMinute: number;
}

/** The API an operation that starts a conversation uses (nodes before 1.2: generateContent). */
export function readApi(context: IExecuteFunctions, itemIndex: number): GeminiApi {
	const api = context.getNodeParameter('api', itemIndex, 'generateContent') as unknown;
	return isGeminiApi(api) ? api : 'generateContent';
}

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = readOptions(context, 0);
	return {
		parallelRequests: clampWhole(options.parallelRequests, PARALLEL_REQUESTS),
		maxRetries: clampWhole(options.maxRetries, MAX_RETRIES),
		maxRetryWaitMs: clampWhole(options.maxRetryWaitSeconds, MAX_RETRY_WAIT_SECONDS) * 1000,
		timeoutMs: clampWhole(options.timeoutSeconds, TIMEOUT_SECONDS) * 1000,
		background: options.background === true,
		requestsPerMinute: clampWhole(options.requestsPerMinute, REQUESTS_PER_MINUTE),
	};
}
