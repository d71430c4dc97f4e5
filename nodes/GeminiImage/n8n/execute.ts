import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GeminiClient } from '../gemini/client';
import { createGeminiClient } from '../gemini/client';
import type { ApiFailure } from '../gemini/errors';
import { classifyApiError } from '../gemini/errors';
import { materializeContents } from '../gemini/payload';
import { buildGenerateContentRequest } from '../gemini/request';
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
	settingProblemError,
	toNodeError,
} from './failures';
import type { MadeImage } from './output';
import { buildImageItems } from './output';
import { readSettings } from './parameters';

type Attempt =
	| { ok: true; made: MadeImage }
	| { ok: false; failure: ApiFailure }
	| { ok: false; missing: MissingImage; content: GeneratedContent };

async function attemptImage(
	client: GeminiClient,
	request: Parameters<GeminiClient['generateContent']>[0],
	imageNumber: number,
	secret: string,
): Promise<Attempt> {
	let content: GeneratedContent;
	try {
		content = readGeneratedContent(await client.generateContent(request));
	} catch (error) {
		return { ok: false, failure: classifyApiError(error, secret) };
	}
	if (!content.image) return { ok: false, missing: explainMissingImage(content), content };
	return { ok: true, made: { content, image: content.image, imageNumber } };
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
}

/** One request (or N in parallel for N images) for one item, or for all items combined. */
async function runRequest(run: Run, itemIndex: number): Promise<INodeExecutionData[]> {
	const { context, client, secret } = run;
	const node = context.getNode();
	const prepared = await run.operation.prepare(context, itemIndex);
	const { settings, output } = readSettings(context, itemIndex, prepared);
	const [problem] = [
		...findSettingProblems(settings),
		...findReferenceProblems(settings.model, prepared.referenceRoles),
	];
	if (problem) throw settingProblemError(node, problem, itemIndex);

	let contents;
	try {
		({ contents } = await materializeContents(prepared.conversation.pending, (image) =>
			client.uploadFile(image.bytes, image.mimeType, image.displayName),
		));
	} catch (error) {
		throw apiFailureError(node, classifyApiError(error, secret), itemIndex);
	}
	const request = buildGenerateContentRequest(settings, contents, context.getExecutionCancelSignal?.());
	// Image models refuse candidateCount > 1, so N images are N requests in parallel.
	const attempts = await Promise.all(
		Array.from({ length: output.numberOfImages }, (_, index) =>
			attemptImage(client, request, index + 1, secret),
		),
	);

	const made: MadeImage[] = [];
	const failures: Array<ReturnType<typeof apiFailureError> | NodeOperationError> = [];
	attempts.forEach((attempt, index) => {
		if (attempt.ok) made.push(attempt.made);
		else if ('failure' in attempt) {
			failures.push(apiFailureError(node, attempt.failure, itemIndex, index + 1, output.numberOfImages));
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
			sentTurns: prepared.conversation.stored,
			sentBinaries: prepared.conversation.binaries,
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
	const connection = readConnection(
		await context.getCredentials<GeminiImageCredentials>('geminiImageApi'),
	);
	const run: Run = {
		context,
		operation,
		client: await createGeminiClient(connection),
		secret: connection.apiKey,
	};
	const combined = operation.combinesItems?.(context) === true;
	const requests = combined ? [0] : items.map((_, index) => index);
	const results: INodeExecutionData[] = [];

	for (const itemIndex of requests) {
		try {
			results.push(...(await runRequest(run, itemIndex)));
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex, connection.apiKey);
			if (!context.continueOnFail()) throw nodeError;
			const pairedItem = pairedItemsOf(combined ? items.map((_, index) => index) : [itemIndex]);
			results.push({ json: errorItemJson(nodeError), pairedItem });
		}
	}
	return [results];
}
