import { setMaxListeners } from 'node:events';

import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GeminiClient } from '../gemini/client';
import { createGeminiClient } from '../gemini/client';
import type { ApiFailure } from '../gemini/errors';
import { classifyApiError } from '../gemini/errors';
import { explainRetiredModel } from '../gemini/models';
import { materializeContents } from '../gemini/payload';
import { estimateImageCostUsd } from '../gemini/prices';
import type { RetryPolicy } from '../gemini/retry';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../gemini/retry';
import type { Limiter } from '../concurrency';
import { createLimiter, mapInOrder, sleep } from '../concurrency';
import { buildGenerateContentRequest, withAbortSignal } from '../gemini/request';
import type { GeneratedContent, MissingImage } from '../gemini/response';
import { explainMissingImage, readGeneratedContent } from '../gemini/response';
import { findReferenceProblems, findSettingProblems } from '../gemini/settings';
import { OPERATIONS } from '../operations';
import type { ImageOperation } from '../operations/types';
import type { GeminiImageCredentials } from './credentials';
import { readConnection } from './credentials';
import {
	apiFailureError,
	errorItemJson,
	missingImageError,
	missingKeyError,
	settingProblemError,
	toNodeError,
} from './failures';
import type { MadeImage } from './output';
import { buildImageItems } from './output';
import { readRunSettings, readSettings } from './parameters';

type Attempt =
	| { ok: true; made: MadeImage }
	| { ok: false; failure: ApiFailure; attempts: number }
	| { ok: false; missing: MissingImage };

/**
 * The SDK leaves a listener on the abort signal of every call it made; a signal of the call's
 * own, linked to the execution's and unlinked afterwards, keeps those off the execution's.
 */
async function callWithOwnSignal(
	client: GeminiClient,
	request: Parameters<GeminiClient['generateContent']>[0],
	execution: AbortSignal | undefined,
) {
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

/**
 * One image: calls until an answer, a failure retrying cannot help, or the retry budget is
 * spent. Each call takes a slot of the run's limiter only while it is in flight.
 */
async function attemptImage(
	run: Run,
	request: Parameters<GeminiClient['generateContent']>[0],
	imageNumber: number,
): Promise<Attempt> {
	const signal = run.context.getExecutionCancelSignal?.();
	for (let attempt = 1; ; attempt++) {
		let content: GeneratedContent;
		try {
			content = readGeneratedContent(
				await run.limit(() => callWithOwnSignal(run.client, request, signal)),
			);
		} catch (error) {
			const failure = classifyApiError(error, run.secret, signal?.aborted === true);
			const delay = signal?.aborted ? undefined : retryDelayMs(failure, attempt, run.retry);
			if (delay === undefined) return { ok: false, failure, attempts: attempt };
			await sleep(delay, signal);
			continue;
		}
		if (!content.image) return { ok: false, missing: explainMissingImage(content) };
		return { ok: true, made: { content, image: content.image, imageNumber } };
	}
}

function resolveOperation(context: IExecuteFunctions): ImageOperation {
	const name = context.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS.find((candidate) => candidate.value === name);
	if (!operation) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${name}"`, {
			description: `Parameter "Operation": choose one of ${OPERATIONS.map((o) => o.name).join(', ')}.`,
		});
	}
	return operation;
}

interface Run {
	context: IExecuteFunctions;
	client: GeminiClient;
	operation: ImageOperation;
	secret: string;
	retry: RetryPolicy;
	/** Shared by every request of the run: items and their images alike. */
	limit: Limiter;
}

/** One request (or N in parallel for N images) for one item, or for all items combined. */
async function runRequest(run: Run, itemIndex: number): Promise<INodeExecutionData[]> {
	const { context, client, secret } = run;
	const node = context.getNode();
	if (!secret) throw missingKeyError(node, itemIndex);
	const prepared = await run.operation.prepare(context, itemIndex);
	const { settings, output } = readSettings(context, itemIndex, prepared);
	const [problem] = [
		...findSettingProblems(settings),
		...findReferenceProblems(settings.model, prepared.referenceRoles, prepared.referenceParameters),
	];
	if (problem) throw settingProblemError(node, problem, itemIndex);

	let contents;
	try {
		({ contents } = await materializeContents(prepared.conversation.pending, (image) =>
			run.limit(() => client.uploadFile(image.bytes, image.mimeType, image.displayName)),
		));
	} catch (error) {
		throw apiFailureError(node, classifyApiError(error, secret), itemIndex);
	}
	const request = buildGenerateContentRequest(settings, contents);
	// Image models refuse candidateCount > 1, so N images are N requests in parallel.
	const attempts = await Promise.all(
		Array.from({ length: output.numberOfImages }, (_, index) =>
			attemptImage(run, request, index + 1),
		),
	);

	const made: MadeImage[] = [];
	const failures: Array<ReturnType<typeof apiFailureError> | NodeOperationError> = [];
	attempts.forEach((attempt, index) => {
		if (attempt.ok) made.push(attempt.made);
		else if ('failure' in attempt) {
			failures.push(
				apiFailureError(
					node,
					explainRetiredModel(
						attempt.failure,
						settings.model,
						prepared.model ? 'conversation' : 'parameter',
					),
					itemIndex,
					index + 1,
					output.numberOfImages,
					attempt.attempts,
				),
			);
		} else {
			failures.push(
				missingImageError(node, attempt.missing, itemIndex, index + 1, output.numberOfImages),
			);
		}
	});
	if (failures.length > 0 && !context.continueOnFail()) throw failures[0];

	const pairedItem = pairedItemsOf(prepared.pairedItems ?? [itemIndex]);
	const items = await buildImageItems(
		context,
		made,
		{
			model: settings.model,
			prompt: prepared.prompt,
			includeThoughts: settings.includeThoughts,
			googleSearch: settings.googleSearch,
			estimatedCostUsd: estimateImageCostUsd(settings.model, settings.imageSize),
			sentTurns: prepared.conversation.stored,
			sentBinaries: prepared.conversation.binaries,
			inputConversions: prepared.conversation.conversions,
			simplify: output.simplify,
			pairedItem,
		},
		output,
	);
	for (const failure of failures) items.push({ json: errorItemJson(failure), pairedItem });
	return items;
}

function pairedItemsOf(indexes: number[]): IPairedItemData | IPairedItemData[] {
	return indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
}

/**
 * Every input item yields its image items or, under "Continue On Fail", an error item that
 * says why; without it, the first failure stops the run with a message naming the item.
 */
export async function executeGeminiImage(
	context: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const operation = resolveOperation(context);
	const runSettings = readRunSettings(context);
	const connection = readConnection(
		await context.getCredentials<GeminiImageCredentials>('geminiImageApi'),
	);
	const run: Run = {
		context,
		operation,
		client: await createGeminiClient(connection, runSettings.timeoutMs),
		secret: connection.apiKey,
		retry: { ...DEFAULT_RETRY_POLICY, maxRetries: runSettings.maxRetries },
		limit: createLimiter(runSettings.parallelRequests),
	};
	// Every image of every item in flight listens to the execution's cancel signal, while it
	// calls (the SDK) or waits to retry: up to 8 images of each of the items running at once.
	const signal = context.getExecutionCancelSignal?.();
	if (signal) setMaxListeners(runSettings.parallelRequests * 8 * 2 + 10, signal);
	const combined = operation.combinesItems?.(context) === true;
	const requests = combined ? [0] : items.map((_, index) => index);
	const continueOnFail = context.continueOnFail();
	let firstError: { index: number; error: Error } | undefined;

	// Items run in parallel (their API calls bounded by the shared limiter), results in input
	// order. Without "Continue On Fail", no new item starts after a failure.
	const results = await mapInOrder(
		requests.length,
		runSettings.parallelRequests,
		async (position) => {
			const itemIndex = requests[position];
			try {
				return await runRequest(run, itemIndex);
			} catch (error) {
				const nodeError = toNodeError(context.getNode(), error, itemIndex, connection.apiKey);
				if (!continueOnFail) {
					if (!firstError || position < firstError.index)
						firstError = { index: position, error: nodeError };
					return [];
				}
				const paired = pairedItemsOf(combined ? items.map((_, index) => index) : [itemIndex]);
				return [{ json: errorItemJson(nodeError), pairedItem: paired }];
			}
		},
		() => firstError !== undefined,
	);
	if (firstError) throw firstError.error;
	return [results.flatMap((entry) => entry ?? [])];
}
