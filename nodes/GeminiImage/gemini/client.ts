/**
 * The one door to Google: the only module that loads @google/genai. The SDK is loaded on
 * first use, not when n8n requires the node at start-up (it costs about 100 ms).
 */
import type { GeminiConnection } from './endpoint';
import type { UploadedFile } from './payload';
import type { BodyCapture } from './rawBody';
import { captureBody } from './rawBody';
import type {
	File as GeminiFile,
	GenerateContentParameters,
	GenerateContentResponse,
	GoogleGenAI,
	Model,
} from '@google/genai';

export interface GeminiClient {
	generateContent(request: GenerateContentParameters): Promise<GenerateContentResponse>;
	listModels(): Promise<Model[]>;
	/** Uploads with the Files API (kept 48 h by Google) and waits until the file is usable. */
	uploadFile(bytes: Buffer, mimeType: string, displayName: string): Promise<UploadedFile>;
}

const FILE_READY_POLLS = 30;
const FILE_READY_INTERVAL_MS = 1000;

/** An upload Google took but could not make usable; classified like a network failure. */
export class FileUploadError extends Error {
	name = 'FileUploadError';
}

interface RawCandidate {
	finishMessage?: string;
}

/** Puts back the candidate's finishMessage the SDK dropped, for answers without an image. */
async function restoreFinishMessage(
	response: GenerateContentResponse,
	capture: BodyCapture,
): Promise<GenerateContentResponse> {
	const candidate = response.candidates?.[0];
	const hasImage = candidate?.content?.parts?.some(
		(part) => part.inlineData?.data && !part.thought,
	);
	if (!candidate || hasImage || candidate.finishMessage) return response;
	const raw = (await capture.read()) as { candidates?: RawCandidate[] } | undefined;
	const finishMessage = raw?.candidates?.[0]?.finishMessage;
	if (finishMessage) candidate.finishMessage = finishMessage;
	return response;
}

let sdk: Promise<typeof import('@google/genai')> | undefined;

function loadSdk(): Promise<typeof import('@google/genai')> {
	sdk ??= import('@google/genai');
	return sdk;
}

export async function createGeminiClient(
	connection: GeminiConnection,
	timeoutMs?: number,
): Promise<GeminiClient> {
	const { GoogleGenAI } = await loadSdk();
	// The key is always passed (never read from the environment) and the SDK sends it in the
	// x-goog-api-key header. vertexai is pinned so environment variables cannot switch backends.
	const ai: GoogleGenAI = new GoogleGenAI({
		vertexai: false,
		apiKey: connection.apiKey,
		apiVersion: connection.apiVersion,
		httpOptions: {
			baseUrl: connection.baseUrl,
			apiVersion: connection.apiVersion,
			// Per attempt; retries are this package's own, so the SDK's stay off.
			...(timeoutMs ? { timeout: timeoutMs } : {}),
		},
	});
	return {
		async generateContent(request) {
			const capture = captureBody();
			const response = await ai.models.generateContent({
				...request,
				config: {
					...request.config,
					httpOptions: { ...request.config?.httpOptions, fetch: capture.fetch },
				},
			});
			return restoreFinishMessage(response, capture);
		},
		async listModels() {
			const models: Model[] = [];
			const pager = await ai.models.list({ config: { pageSize: 1000 } });
			for await (const model of pager) models.push(model);
			return models;
		},
		async uploadFile(bytes, mimeType, displayName) {
			let file: GeminiFile = await ai.files.upload({
				file: new Blob([bytes], { type: mimeType }),
				config: { mimeType, displayName },
			});
			for (let poll = 0; file.state === 'PROCESSING' && poll < FILE_READY_POLLS; poll++) {
				await new Promise((resolve) => setTimeout(resolve, FILE_READY_INTERVAL_MS));
				file = await ai.files.get({ name: file.name ?? '' });
			}
			if (!file.uri || file.state === 'FAILED') {
				throw new FileUploadError(
					`The Files API did not accept ${displayName} (state ${file.state})`,
				);
			}
			return { uri: file.uri, mimeType: file.mimeType ?? mimeType };
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
