import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GeminiClient } from '../gemini/client';
import { createGeminiClient } from '../gemini/client';
import type { ApiFailure } from '../gemini/errors';
import { classifyApiError } from '../gemini/errors';
import { buildGenerateContentRequest } from '../gemini/request';
import type { GeneratedContent, MissingImage } from '../gemini/response';
import { explainMissingImage, readGeneratedContent } from '../gemini/response';
import { findSettingProblems } from '../gemini/settings';
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

async function runItem(
	context: IExecuteFunctions,
	client: GeminiClient,
	operation: ImageOperation,
	itemIndex: number,
	secret: string,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const turns = await operation.prepare(context, itemIndex);
	const { settings, output } = readSettings(context, itemIndex, turns.googleSearch);
	const [problem] = findSettingProblems(settings);
	if (problem) throw settingProblemError(node, problem, itemIndex);

	const request = buildGenerateContentRequest(
		settings,
		turns.contents,
		context.getExecutionCancelSignal?.(),
	);
	// Image models refuse candidateCount > 1, so N images are N requests in parallel.
	const attempts = await Promise.all(
		Array.from({ length: output.numberOfImages }, (_, index) =>
			attemptImage(client, request, index + 1, secret),
		),
	);

	const made: MadeImage[] = [];
	const failures: Array<NodeOperationError | ReturnType<typeof apiFailureError>> = [];
	attempts.forEach((attempt, index) => {
		if (attempt.ok) made.push(attempt.made);
		else if ('failure' in attempt) {
			failures.push(
				apiFailureError(node, attempt.failure, itemIndex, index + 1, output.numberOfImages),
			);
		} else {
			failures.push(
				missingImageError(node, attempt.missing, itemIndex, index + 1, output.numberOfImages),
			);
		}
	});
	if (failures.length > 0 && !context.continueOnFail()) throw failures[0];

	const items = await buildImageItems(
		context,
		itemIndex,
		made,
		{ model: settings.model, prompt: turns.prompt, includeThoughts: settings.includeThoughts },
		output,
	);
	for (const failure of failures) {
		items.push({ json: errorItemJson(failure), pairedItem: { item: itemIndex } });
	}
	return items;
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
	const credentials = await context.getCredentials<GeminiImageCredentials>('geminiImageApi');
	const connection = readConnection(credentials);
	const client = await createGeminiClient(connection);
	const results: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			results.push(...(await runItem(context, client, operation, itemIndex, connection.apiKey)));
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex, connection.apiKey);
			if (!context.continueOnFail()) throw nodeError;
			results.push({ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } });
		}
	}
	return [results];
}
