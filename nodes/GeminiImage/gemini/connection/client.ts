/**
 * The one door to Google: the only module that loads @google/genai. The SDK is loaded on
 * first use, not when n8n requires the node at start-up (it costs about 100 ms).
 */
import type {
	File as GeminiFile,
	GenerateContentParameters,
	GenerateContentResponse,
	GoogleGenAI,
	Model,
} from '@google/genai';

import type { BatchMethods } from './batchClient';
import { batchMethods } from './batchClient';
import type { GeminiConnection } from './endpoint';
import { MAX_RESPONSE_BYTES } from './guardedFetch';
import { waitUntilDone } from './interactionState';
import type { UploadedFile } from '../conversation/payload';
import { waitUntilActive } from './uploadState';
import { backendFetch, backendOptions } from './backend';

export interface GeminiClient extends BatchMethods {
	generateContent(request: GenerateContentParameters): Promise<GenerateContentResponse>;
	listModels(): Promise<Model[]>;
	/** Counts a prompt's tokens (free): a call inside the project, for checking a credential. */
	countTokens(model: string, text: string): Promise<number>;
	/** Uploads with the Files API (kept 48 h by Google). */
	uploadFile(bytes: Buffer, mimeType: string, displayName: string): Promise<GeminiFile>;
	/** Polls an uploaded file until it is ACTIVE (bounded by the timeout, stopped by Stop). */
	waitUntilActive(file: GeminiFile, displayName: string): Promise<UploadedFile>;
	/**
	 * Creates an interaction (Google keeps it); a background one is polled until it is done,
	 * within the timeout. Answers the interaction as JSON, unchecked.
	 */
	createInteraction(request: { model: string; background?: boolean }): Promise<unknown>;
	getInteraction(id: string): Promise<unknown>;
	deleteInteraction(id: string): Promise<void>;
}

/** The Interactions client retries on its own; this package's retries are the only ones. */
const NO_SDK_RETRIES = { retries: { strategy: 'none' } } as const;

export interface ClientOptions {
	/** Per attempt, uploads and their readiness polls included. */
	timeoutMs?: number;
	/** The execution's Stop: reaches every request, upload and poll. */
	stop?: AbortSignal;
	maxResponseBytes?: number;
}

/** Pages of the model list read at most. */
export const MAX_MODEL_PAGES = 10;

interface RawCandidate {
	finishMessage?: string;
}

/** Puts back the candidate's finishMessage the SDK drops, for answers without an image. */
function restoreFinishMessage(response: GenerateContentResponse, raw: unknown) {
	const candidate = response.candidates?.[0];
	const finishMessage = (raw as { candidates?: RawCandidate[] } | undefined)?.candidates?.[0]
		?.finishMessage;
	if (candidate && !candidate.finishMessage && finishMessage) {
		candidate.finishMessage = finishMessage;
	}
	return response;
}

let sdk: Promise<typeof import('@google/genai')> | undefined;

function loadSdk(): Promise<typeof import('@google/genai')> {
	sdk ??= import('@google/genai');
	return sdk;
}

export async function createGeminiClient(
	connection: GeminiConnection,
	options: ClientOptions = {},
): Promise<GeminiClient> {
	const { GoogleGenAI } = await loadSdk();
	const guard = {
		origin: new URL(connection.baseUrl).origin,
		maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
		stop: options.stop,
	};
	const sdkFetch = (onJson?: (body: unknown) => void) => backendFetch(connection, guard, onJson);
	// The backend and its key come from the credential only, never from the environment: a key
	// goes in the x-goog-api-key header, a token in Authorization, through the guarded fetch.
	const ai: GoogleGenAI = new GoogleGenAI({
		...backendOptions(connection, options.stop),
		apiVersion: connection.apiVersion,
		httpOptions: {
			baseUrl: connection.baseUrl,
			apiVersion: connection.apiVersion,
			fetch: sdkFetch(),
			// Per attempt; retries are this package's own, so the SDK's stay off.
			...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
		},
	});
	return {
		async generateContent(request) {
			let raw: unknown;
			const response = await ai.models.generateContent({
				...request,
				config: {
					...request.config,
					httpOptions: {
						...request.config?.httpOptions,
						fetch: sdkFetch((body) => (raw = body)),
					},
				},
			});
			return restoreFinishMessage(response, raw);
		},
		async listModels() {
			// Google lists every model in one page of 1000; an endpoint that never stops naming a
			// next page is cut at MAX_MODEL_PAGES.
			const pager = await ai.models.list({ config: { pageSize: 1000 } });
			const models: Model[] = [...pager.page];
			for (let page = 1; page < MAX_MODEL_PAGES && pager.hasNextPage(); page++) {
				models.push(...(await pager.nextPage()));
			}
			return models;
		},
		async countTokens(model, text) {
			const counted = await ai.models.countTokens({ model, contents: text });
			return counted.totalTokens ?? 0;
		},
		uploadFile: (bytes, mimeType, displayName) =>
			ai.files.upload({
				file: new Blob([bytes], { type: mimeType }),
				config: { mimeType, displayName },
			}),
		async waitUntilActive(file, displayName) {
			const ready = await waitUntilActive(file, displayName, {
				get: (name) => ai.files.get({ name }),
				deadlineMs: options.timeoutMs ?? 120_000,
				stop: options.stop,
			});
			return {
				uri: ready.uri ?? '',
				mimeType: ready.mimeType ?? file.mimeType ?? '',
				name: ready.name ?? file.name,
			};
		},
		async createInteraction(request) {
			const startedAt = Date.now();
			const create = ai.interactions.create as (
				body: unknown,
				options: unknown,
			) => Promise<unknown>;
			const created = await create.call(ai.interactions, request, NO_SDK_RETRIES);
			if (!request.background) return created;
			return waitUntilDone(created, startedAt, {
				get: (id) => ai.interactions.get(id, {}, NO_SDK_RETRIES),
				cancel: (id) => ai.interactions.cancel(id, {}, NO_SDK_RETRIES),
				deadlineMs: options.timeoutMs ?? 300_000,
				stop: options.stop,
			});
		},
		getInteraction: (id) => ai.interactions.get(id, {}, NO_SDK_RETRIES),
		...batchMethods(ai, guard, connection, options.stop),
		async deleteInteraction(id) {
			await ai.interactions.delete(id, {}, NO_SDK_RETRIES);
		},
	};
}

/**
 * Image models among all models: the list has no output-modality field, so go by name ("image"
 * as a word, so Imagen's predict-only models stay out, or a Nano Banana name).
 */
export function isImageModel(model: Model): boolean {
	const name = model.name ?? '';
	const actions = model.supportedActions ?? [];
	const named = /\bimage\b|nano-banana/i.test(name);
	return named && (actions.length === 0 || actions.includes('generateContent'));
}
