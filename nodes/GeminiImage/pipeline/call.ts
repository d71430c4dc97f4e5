import { setMaxListeners } from 'node:events';

import type { Content, GenerateContentParameters, GenerateContentResponse } from '@google/genai';

import type { GeminiClient } from '../gemini/client';
import type { ApiFailure } from '../gemini/errors';
import { classifyApiError } from '../gemini/errors';
import type { PendingTurn } from '../gemini/payload';
import { materializeContents } from '../gemini/payload';
import { withAbortSignal } from '../gemini/request';
import type { RetryPolicy } from '../gemini/retry';
import { retryDelayMs } from '../gemini/retry';
import { NUMBER_OF_IMAGES } from '../n8n/limits';
import type { Limiter } from './concurrency';
import { createLimiter, sleep } from './concurrency';

/** What one image's calls came to: Google's answer, or why there is none. */
export type CallResult =
	| { ok: true; response: GenerateContentResponse }
	| { ok: false; failure: ApiFailure; attempts: number };

/** The live path's way to Google: one limiter, one retry policy, the execution's Stop. */
export interface Transport {
	/** The turns as the API's contents, large images uploaded first (each in a limiter slot). */
	contentsOf(turns: PendingTurn[]): Promise<Content[]>;
	/** Calls until an answer, a failure retrying cannot help, or the retry budget is spent. */
	generate(request: GenerateContentParameters): Promise<CallResult>;
}

export interface TransportOptions {
	client: GeminiClient;
	secret: string;
	retry: RetryPolicy;
	parallelRequests: number;
	/** The execution's cancel signal, when n8n gives one. */
	signal?: AbortSignal;
}

/**
 * The SDK leaves a listener on the abort signal of every call it made; a signal of the call's
 * own, linked to the execution's and unlinked afterwards, keeps those off the execution's.
 */
async function callWithOwnSignal(
	client: GeminiClient,
	request: GenerateContentParameters,
	execution: AbortSignal | undefined,
): Promise<GenerateContentResponse> {
	if (!execution) return await client.generateContent(request);
	const own = new AbortController();
	const forward = () => own.abort();
	if (execution.aborted) own.abort();
	execution.addEventListener('abort', forward, { once: true });
	try {
		return await client.generateContent(withAbortSignal(request, own.signal));
	} finally {
		execution.removeEventListener('abort', forward);
	}
}

export function createTransport(options: TransportOptions): Transport {
	const { client, secret, retry, signal } = options;
	/** Shared by every request of the run: items and their images alike. */
	const limit: Limiter = createLimiter(options.parallelRequests);
	// Every image of every item in flight listens to the execution's cancel signal, while it
	// calls (the SDK) or waits to retry.
	if (signal) setMaxListeners(options.parallelRequests * NUMBER_OF_IMAGES.max * 2 + 10, signal);
	return {
		contentsOf: (turns) =>
			materializeContents(turns, (image) =>
				limit(() => client.uploadFile(image.bytes, image.mimeType, image.displayName)),
			),
		async generate(request) {
			for (let attempt = 1; ; attempt++) {
				try {
					const response = await limit(() => callWithOwnSignal(client, request, signal));
					return { ok: true, response };
				} catch (error) {
					const failure = classifyApiError(error, secret, signal?.aborted === true);
					const delay = signal?.aborted ? undefined : retryDelayMs(failure, attempt, retry);
					if (delay === undefined) return { ok: false, failure, attempts: attempt };
					await sleep(delay, signal);
				}
			}
		},
	};
}
