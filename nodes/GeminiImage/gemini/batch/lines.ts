import type { GenerateContentParameters } from '@google/genai';

import type { ApiFailure } from '../failures/errors';
import { estimateImageCostUsd } from '../catalogue/prices';
import { excerpt } from '../failures/redact';
import type { ImageSize } from '../catalogue/models';

const IMAGE_SIZES: readonly string[] = ['512', '1K', '2K', '4K'];

/**
 * The Batch API's words, pure: the key each request carries back to its input item, the JSONL
 * line a request becomes, the job states, the half price.
 */

/** Where a batch request came from: carried in its key, so results pair up in any execution. */
export interface BatchOrigin {
	itemIndex: number;
	/** 1-based, for Number of Images above 1. */
	imageNumber: number;
	/** The size asked for, for the answer's batch price. */
	imageSize?: ImageSize;
	/** The value of the field the user chose to carry (an id from a sheet), as text. */
	carry?: string;
}

/** Google keeps keys as given; a short JSON object keeps every part recoverable. */
export function batchKey(origin: BatchOrigin): string {
	return JSON.stringify({
		item: origin.itemIndex,
		image: origin.imageNumber,
		...(origin.imageSize ? { size: origin.imageSize } : {}),
		...(origin.carry !== undefined ? { carry: origin.carry } : {}),
	});
}

/** The origin a key names, or undefined for a key this node did not write. */
export function parseBatchKey(key: unknown): BatchOrigin | undefined {
	if (typeof key !== 'string') return undefined;
	try {
		const value = JSON.parse(key) as Record<string, unknown>;
		const { item, image, size, carry } = value ?? {};
		if (!Number.isInteger(item) || (item as number) < 0) return undefined;
		if (!Number.isInteger(image) || (image as number) < 1) return undefined;
		return {
			itemIndex: item as number,
			imageNumber: image as number,
			...(IMAGE_SIZES.includes(size as ImageSize) ? { imageSize: size as ImageSize } : {}),
			...(typeof carry === 'string' ? { carry } : {}),
		};
	} catch {
		return undefined;
	}
}

/** The REST request body of generateContent, as a batch file line holds it (camelCase JSON). */
export function toRestRequest(request: GenerateContentParameters): Record<string, unknown> {
	const {
		systemInstruction,
		safetySettings,
		tools,
		httpOptions: _http,
		abortSignal: _abort,
		...generationConfig
	} = request.config ?? {};
	return {
		contents: request.contents,
		...(systemInstruction ? { systemInstruction } : {}),
		...(safetySettings ? { safetySettings } : {}),
		...(tools ? { tools } : {}),
		generationConfig,
	};
}

/** One line of the batch's JSONL input file. */
export function batchLine(key: string, request: GenerateContentParameters): string {
	return `${JSON.stringify({ key, request: toRestRequest(request) })}\n`;
}

/** How a job's state reads, in the SDK's names (JOB_STATE_*) or REST's (BATCH_STATE_*). */
export function shortState(state: unknown): string {
	const text = typeof state === 'string' ? state : 'UNSPECIFIED';
	return text.replace(/^(JOB|BATCH)_STATE_/, '').toLowerCase();
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

/** True when a job will not change any more. */
export function isFinished(state: unknown): boolean {
	return FINISHED.has(shortState(state));
}

/** Google bills batch requests at half the live price. */
export const BATCH_PRICE_FACTOR = 0.5;

/** The batch price of one image, where Google publishes a live one. */
export function estimateBatchImageCostUsd(
	modelId: string,
	imageSize: ImageSize | undefined,
): number | undefined {
	const live = estimateImageCostUsd(modelId, imageSize);
	return live === undefined ? undefined : Math.round(live * BATCH_PRICE_FACTOR * 1e6) / 1e6;
}

/** gRPC codes as Google's HTTP statuses and words, for a failed request of a batch. */
const GRPC: Record<number, [number, string]> = {
	3: [400, 'INVALID_ARGUMENT'],
	4: [504, 'DEADLINE_EXCEEDED'],
	5: [404, 'NOT_FOUND'],
	7: [403, 'PERMISSION_DENIED'],
	8: [429, 'RESOURCE_EXHAUSTED'],
	9: [400, 'FAILED_PRECONDITION'],
	13: [500, 'INTERNAL'],
	14: [503, 'UNAVAILABLE'],
	16: [401, 'UNAUTHENTICATED'],
};

/**
 * A request of a batch that Google could not answer (its line's `error`, a google.rpc.Status),
 * as the failure the user reads. Never retryable here: the job is over; resubmit the item.
 */
export function batchRequestFailure(error: unknown): ApiFailure {
	const status = (typeof error === 'object' && error !== null ? error : {}) as {
		code?: unknown;
		message?: unknown;
	};
	const [httpStatus, googleStatus] =
		typeof status.code === 'number'
			? (GRPC[status.code] ?? [undefined, undefined])
			: [undefined, undefined];
	return {
		kind: 'api',
		httpStatus,
		googleStatus,
		message: excerpt(typeof status.message === 'string' ? status.message : 'the request failed'),
		quotaIsZero: false,
		retryable: false,
		hint: 'Google could not answer this request of the batch. Fix what the message says and submit the item again (live, or in a new batch).',
	};
}
