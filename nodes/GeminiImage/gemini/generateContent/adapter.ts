import type { Content, GenerateContentParameters, GenerateContentResponse } from '@google/genai';

import type { GeminiApi } from '../catalogue/apis';
import type { GenerationSettings } from '../catalogue/settings';
import type { GeminiClient } from '../connection/client';
import { buildGenerateContentRequest } from './request';
import type { GeneratedContent } from './response';
import { readGeneratedContent } from './response';

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
