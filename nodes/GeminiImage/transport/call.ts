import { setMaxListeners } from 'node:events';

import type { Content } from '@google/genai';

import type { GeminiClient } from '../gemini/connection/client';
import type { ApiAdapter } from '../gemini/generateContent/adapter';
import type { Secrets } from '../gemini/failures/redact';
import type { ApiFailure } from '../gemini/failures/errors';
import { classifyApiError } from '../gemini/failures/errors';
import type { BatchJobView } from '../gemini/batch/job';
import type { BatchWebhook } from '../gemini/batch/webhook';
import type { PendingTurn, UploadedFile } from '../gemini/conversation/payload';
import { materializeContents } from '../gemini/conversation/payload';
import type { RetryPolicy } from '../gemini/failures/retry';
import { NUMBER_OF_IMAGES } from '../n8n/limits';
import type { Limiter } from './concurrency';
import { createLimiter } from './concurrency';
import { quotaGate } from './quota';
import type { CallResult } from './retries';
import { RejectedAnswer, createRetrier } from './retries';

export type { CallResult } from './retries';

/** The live path's way to Google: one limiter, one retry policy, the execution's Stop. */
export interface Transport {
	/** The turns as the API's contents, large images uploaded first (each retried alone). */
	contentsOf(turns: PendingTurn[]): Promise<CallResult<Content[]>>;
	/**
	 * Sends on the adapter's API until an answer `judge` takes, a failure retrying cannot help,
	 * or the retry budget is spent. An answer `judge` rejects (an unreadable image) is retried
	 * like a failure.
	 */
	send<R extends { model: string }, T>(
		adapter: ApiAdapter<R>,
		request: R,
		judge: (answer: unknown) => T | RejectedAnswer,
	): Promise<CallResult<T>>;
	/** A stored interaction, as Google has it. */
	getInteraction(id: string): Promise<CallResult<unknown>>;
	deleteInteraction(id: string): Promise<CallResult<void>>;
	/** A file uploaded with the Files API and ACTIVE (a batch's JSONL requests). */
	uploadFile(
		bytes: Buffer,
		mimeType: string,
		displayName: string,
	): Promise<CallResult<UploadedFile>>;
	createBatch(
		model: string,
		fileName: string,
		displayName: string,
		webhook?: BatchWebhook,
	): Promise<CallResult<BatchJobView>>;
	getBatch(name: string): Promise<CallResult<BatchJobView>>;
	listBatches(pageSize: number): Promise<CallResult<BatchJobView[]>>;
	cancelBatch(name: string): Promise<CallResult<void>>;
	/** Not retried: lines already handed over would come twice. */
	readFileLines(
		fileName: string,
		maxLines: number,
		onLine: (line: string) => Promise<void>,
	): Promise<CallResult<number>>;
}

export interface TransportOptions {
	/** Made with the same Stop signal: it reaches every request, upload and poll. */
	client: GeminiClient;
	secrets: Secrets;
	retry: RetryPolicy;
	parallelRequests: number;
	/** The execution's cancel signal, when n8n gives one. */
	signal?: AbortSignal;
	/** Longest wait for the next bytes of a file being read (the request timeout). */
	idleTimeoutMs?: number;
	/** A fingerprint of the credential: pacing and backoff are shared per credential and model. */
	credential?: string;
	/** Requests per minute per model, across executions; 0 paces nothing. */
	requestsPerMinute?: number;
	/** What a failure means on this backend (Vertex AI's project, roles and locations). */
	explain?: (failure: ApiFailure) => ApiFailure;
}

/** Carries an error of the line handler (the n8n side) past the download's classification. */
class LineHandlerError extends Error {
	constructor(readonly cause: unknown) {
		super('line handler failed');
	}
}

export { RejectedAnswer } from './retries';

/** Thrown inside contentsOf to carry an upload's failure out of materializeContents. */
class UploadFailed extends Error {
	constructor(readonly result: Extract<CallResult<unknown>, { ok: false }>) {
		super(result.failure.message);
	}
}

export function createTransport(options: TransportOptions): Transport {
	const { client, secrets, retry, signal } = options;
	const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
	/** Shared by every request of the run: items, their images and uploads alike. */
	const limit: Limiter = createLimiter(options.parallelRequests);
	// Every image of every item may wait to retry at once, each listening to Stop.
	if (signal) setMaxListeners(options.parallelRequests * NUMBER_OF_IMAGES.max * 2 + 10, signal);

	const explain = options.explain ?? ((failure: ApiFailure) => failure);
	const withRetries = createRetrier({ secrets, retry, signal, explain });
	/** The quota gate of a model's requests, shared with every run of this credential. */
	const gateOf = (model: string) =>
		quotaGate(options.credential ?? '', model, options.requestsPerMinute ?? 0);

	return {
		async contentsOf(turns) {
			try {
				const contents = await materializeContents(turns, async (image) => {
					// A slot for the upload; the readiness polls wait outside it.
					const upload = await withRetries(async () => {
						const file = await limit(() =>
							client.uploadFile(image.bytes, image.mimeType, image.displayName),
						);
						return client.waitUntilActive(file, image.displayName);
					});
					if (!upload.ok) throw new UploadFailed(upload);
					return upload.value;
				});
				return { ok: true, value: contents };
			} catch (error) {
				if (error instanceof UploadFailed) return error.result;
				throw error;
			}
		},
		send: (adapter, request, judge) =>
			withRetries(async () => {
				const judged = judge(await limit(() => adapter.send(client, request)));
				if (judged instanceof RejectedAnswer) throw judged;
				return judged;
			}, gateOf(request.model)),
		getInteraction: (id) => withRetries(() => limit(() => client.getInteraction(id))),
		uploadFile: (bytes, mimeType, displayName) =>
			withRetries(async () => {
				const file = await limit(() => client.uploadFile(bytes, mimeType, displayName));
				return client.waitUntilActive(file, displayName);
			}),
		createBatch: (model, fileName, displayName, webhook) =>
			withRetries(() => limit(() => client.createBatch(model, fileName, displayName, webhook))),
		getBatch: (name) => withRetries(() => limit(() => client.getBatch(name))),
		listBatches: (pageSize) => withRetries(() => limit(() => client.listBatches(pageSize))),
		cancelBatch: (name) => withRetries(() => limit(() => client.cancelBatch(name))),
		async readFileLines(fileName, maxLines, onLine) {
			try {
				const lines = await client.readFileLines(
					fileName,
					{ maxLines, idleTimeoutMs },
					async (line) => {
						try {
							await onLine(line);
						} catch (error) {
							throw new LineHandlerError(error);
						}
					},
				);
				return { ok: true, value: lines };
			} catch (error) {
				if (error instanceof LineHandlerError) throw error.cause;
				return {
					ok: false,
					failure: explain(classifyApiError(error, secrets, signal?.aborted === true)),
					attempts: 1,
				};
			}
		},
		deleteInteraction: (id) => withRetries(() => limit(() => client.deleteInteraction(id))),
	};
}
