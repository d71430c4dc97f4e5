import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createGeminiClient } from './gemini/connection/client';
import type { GeminiConnection } from './gemini/connection/endpoint';
import type { VertexTarget } from './gemini/connection/endpoint';
import {
	connectionFingerprint,
	findConnectionProblem,
	hasSignIn,
	secretsOf,
} from './gemini/connection/endpoint';
import { explainForVertex } from './gemini/connection/vertexHints';
import { DEFAULT_RETRY_POLICY } from './gemini/failures/retry';
import { credentialError, errorItemJson, missingKeyError, toNodeError } from './n8n/failures';
import { loadConnection } from './n8n/credentials';
import { readRunSettings } from './n8n/parameters';
import { runsAsTool, toolAnswerItems } from './n8n/toolAnswer';
import { ALL_OPERATIONS } from './operations';
import type { JobOperation } from './operations/types';
import type { ImageOperation } from './operations/types';
import type { Transport } from './transport/call';
import { createTransport } from './transport/call';
import { submitBatch } from './pipeline/batchSubmit';
import { refuseOnVertex } from './pipeline/vertexRefusals';
import { mapInOrder } from './transport/concurrency';
import type { LiveRun } from './pipeline/live';
import { runLiveItem } from './pipeline/live';
import type { RunSettings } from './n8n/parameters';

/** Why no item can be sent with this credential, as the error each item then yields. */
function credentialFailure(context: IExecuteFunctions, connection: GeminiConnection) {
	const node = context.getNode();
	const vertex = connection.vertex !== undefined;
	if (!hasSignIn(connection)) {
		return (itemIndex: number) => missingKeyError(node, itemIndex, vertex);
	}
	const problem = findConnectionProblem(connection);
	const credential = vertex ? 'Gemini Image (Vertex AI) API' : 'Gemini Image API';
	return problem
		? (itemIndex: number) =>
				credentialError(node, problem, itemIndex, 'INVALID_CREDENTIAL', credential)
		: undefined;
}

async function startTransport(
	context: IExecuteFunctions,
	connection: GeminiConnection,
	settings: RunSettings,
): Promise<Transport> {
	const signal = context.getExecutionCancelSignal?.();
	const client = await createGeminiClient(connection, {
		timeoutMs: settings.timeoutMs,
		stop: signal,
	});
	const retry = {
		...DEFAULT_RETRY_POLICY,
		maxRetries: settings.maxRetries,
		maxRetryWaitMs: settings.maxRetryWaitMs,
	};
	return createTransport({
		client,
		secrets: secretsOf(connection),
		retry,
		parallelRequests: settings.parallelRequests,
		signal,
		idleTimeoutMs: settings.timeoutMs,
		credential: connectionFingerprint(connection),
		requestsPerMinute: settings.requestsPerMinute,
		explain: connection.vertex
			? (failure) => explainForVertex(failure, connection.vertex as VertexTarget)
			: undefined,
	});
}

function resolveOperation(context: IExecuteFunctions): ImageOperation | JobOperation {
	const name = context.getNodeParameter('operation', 0) as string;
	const operation = ALL_OPERATIONS.find((candidate) => candidate.value === name);
	if (!operation) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${name}"`, {
			description: `Parameter "Operation": choose one of ${ALL_OPERATIONS.map((o) => o.name).join(', ')}.`,
		});
	}
	return operation;
}

/** One item: its images (or error items), a batch's results, or a job's answer. */
function runItem(
	context: IExecuteFunctions,
	operation: ImageOperation | JobOperation,
	transport: Transport,
	background: boolean,
) {
	return async (itemIndex: number, pairedItem: IPairedItemData | IPairedItemData[]) => {
		if ('execute' in operation) {
			return operation.execute(context, itemIndex, transport, pairedItem);
		}
		const run: LiveRun = { context, operation, transport, background };
		return runLiveItem(run, itemIndex, pairedItem);
	};
}

/** Run As: Batch Job turns the whole input into one job. */
function runsAsBatch(context: IExecuteFunctions, operation: ImageOperation | JobOperation) {
	return (
		'batchable' in operation &&
		operation.batchable &&
		context.getNodeParameter('runAs', 0, 'live') === 'batch'
	);
}

function pairedItemsOf(indexes: number[]): IPairedItemData | IPairedItemData[] {
	return indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
}

/**
 * Every input item yields its image items or, under "Continue On Fail", an error item that
 * says why; without it, the first failure stops the run with a message naming the item. An
 * operation that combines items makes one request for all of them, paired to every one.
 */
export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const operation = resolveOperation(context);
	const runSettings = readRunSettings(context);
	const connection = await loadConnection(context);
	const secrets = secretsOf(connection);
	const refused = credentialFailure(context, connection);
	refuseOnVertex(context, operation, connection, runsAsBatch(context, operation));
	const transport = refused ? undefined : await startTransport(context, connection, runSettings);
	if (runsAsBatch(context, operation)) {
		if (!transport) throw refused?.(0);
		return [await submitBatch(context, operation as ImageOperation, transport, secrets)];
	}
	const run = transport && runItem(context, operation, transport, runSettings.background);
	const all = items.map((_, index) => index);
	const combines = 'combinesItems' in operation && operation.combinesItems?.(context) === true;
	const requests = combines ? [all] : all.map((i) => [i]);
	// An agent's tool answers every failure as text the agent can act on, never a thrown error.
	const asTool = runsAsTool(context.getNode());
	const continueOnFail = asTool || context.continueOnFail();
	let firstError: { position: number; error: Error } | undefined;

	// Items run in parallel (their API calls bounded by the shared limiter), results in input
	// order. Without "Continue On Fail", no new item starts after a failure.
	const results = await mapInOrder(
		requests.length,
		runSettings.parallelRequests,
		async (position) => {
			const [itemIndex] = requests[position];
			const pairedItem = pairedItemsOf(requests[position]);
			try {
				if (!run) throw refused?.(itemIndex);
				return await run(itemIndex, pairedItem);
			} catch (error) {
				const nodeError = toNodeError(context.getNode(), error, itemIndex, secrets);
				if (!continueOnFail) {
					if (!firstError || position < firstError.position)
						firstError = { position, error: nodeError };
					return [];
				}
				return [{ json: errorItemJson(nodeError), pairedItem }];
			}
		},
		() => firstError !== undefined,
	);
	if (firstError) throw firstError.error;
	const output = results.flatMap((entry) => entry ?? []);
	return [asTool ? toolAnswerItems(output) : output];
}
