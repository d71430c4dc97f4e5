import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchOrigin } from '../gemini/batch/lines';
import { batchKey, batchLine, estimateBatchImageCostUsd } from '../gemini/batch/lines';
import { batchWebhook, notifyUrlProblem } from '../gemini/batch/webhook';
import { generateContentAdapter } from '../gemini/generateContent/adapter';
import { apiFailureError, errorItemJson, toNodeError } from '../n8n/failures';
import type { ImageOperation } from '../operations/types';
import type { Secrets } from '../gemini/failures/redact';
import type { Transport } from '../transport/call';
import { lookupsOf } from './live';
import { planItem } from './plan';

/** One request of the job, as its JSONL line, and what it stands for. */
interface BatchRequest {
	origin: BatchOrigin;
	key: string;
	line: string;
	model: string;
	costUsd?: number;
}

function readCarry(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const field = String(context.getNodeParameter('carryField', itemIndex, '') ?? '').trim();
	if (!field) return undefined;
	const value = context.getInputData()[itemIndex]?.json?.[field];
	if (value === undefined || value === null) return undefined;
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An item's requests: planned and checked as a live run would, its large images uploaded. */
async function requestsOf(
	context: IExecuteFunctions,
	operation: ImageOperation,
	transport: Transport,
	itemIndex: number,
): Promise<BatchRequest[]> {
	const plan = await planItem(context, operation, itemIndex, lookupsOf(context, transport));
	const contents = await transport.contentsOf(plan.prepared.conversation.pending);
	if (!contents.ok) {
		throw apiFailureError(context.getNode(), contents.failure, {
			itemIndex,
			attempts: contents.attempts,
		});
	}
	// A batch line is a generateContent request: the Batch API is that API's alone.
	const request = generateContentAdapter.buildRequest(plan.settings, contents.value, {});
	const carry = readCarry(context, itemIndex);
	return Array.from({ length: plan.output.numberOfImages }, (_, index) => {
		const origin: BatchOrigin = {
			itemIndex,
			imageNumber: index + 1,
			...(plan.settings.imageSize ? { imageSize: plan.settings.imageSize } : {}),
			...(carry !== undefined ? { carry } : {}),
		};
		const key = batchKey(origin);
		return {
			origin,
			key,
			line: batchLine(key, request),
			model: plan.settings.model,
			costUsd: estimateBatchImageCostUsd(plan.settings.model, plan.settings.imageSize),
		};
	});
}

/** The job's Notify URL, checked before anything is sent; empty when none is set. */
function readNotifyUrl(context: IExecuteFunctions): string {
	const url = String(context.getNodeParameter('notifyUrl', 0, '') ?? '').trim();
	const problem = url ? notifyUrlProblem(url) : undefined;
	if (problem) {
		throw new NodeOperationError(context.getNode(), `The Notify URL of item 0 ${problem}`, {
			itemIndex: 0,
			description:
				'Parameter "Notify URL": give an http:// or https:// address without a user name or password, such as the production URL of a Webhook node (method POST).',
		});
	}
	return url;
}

function sameModel(context: IExecuteFunctions, requests: BatchRequest[]): string {
	const model = requests[0].model;
	const other = requests.find((request) => request.model !== model);
	if (other) {
		throw new NodeOperationError(
			context.getNode(),
			`A batch job takes one model: item ${other.origin.itemIndex} asks for ${other.model}, item ${requests[0].origin.itemIndex} for ${model}`,
			{
				itemIndex: other.origin.itemIndex,
				description:
					'Parameter "Model": give every item the same model, or split the items into one batch per model.',
			},
		);
	}
	return model;
}

/**
 * Run As: Batch Job. Every item becomes its requests exactly as live (every check before
 * anything is sent), all in one JSONL file uploaded through the Files API, and one job reads
 * it. Outputs one item: the job, and the keys that pair each request with its item.
 */
export async function submitBatch(
	context: IExecuteFunctions,
	operation: ImageOperation,
	transport: Transport,
	secrets: Secrets,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const notifyUrl = readNotifyUrl(context);
	const requests: BatchRequest[] = [];
	const failed: INodeExecutionData[] = [];
	const combined = operation.combinesItems?.(context) === true;
	for (const itemIndex of combined ? [0] : items.map((_, index) => index)) {
		try {
			requests.push(...(await requestsOf(context, operation, transport, itemIndex)));
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex, secrets);
			if (!context.continueOnFail()) throw nodeError;
			failed.push({ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } });
		}
	}
	if (requests.length === 0) return failed;

	const model = sameModel(context, requests);
	const displayName =
		String(context.getNodeParameter('batchDisplayName', 0, '') ?? '').trim() ||
		`n8n ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
	const file = await transport.uploadFile(
		Buffer.from(requests.map((request) => request.line).join('')),
		'application/jsonl',
		`${displayName}.jsonl`,
	);
	if (!file.ok)
		throw apiFailureError(context.getNode(), file.failure, {
			itemIndex: 0,
			attempts: file.attempts,
		});
	const carryField = String(context.getNodeParameter('carryField', 0, '') ?? '').trim();
	const carries = requests.flatMap(({ origin }) =>
		origin.carry === undefined ? [] : [origin.carry],
	);
	const webhook = notifyUrl
		? batchWebhook(notifyUrl, displayName, carryField, [...new Set(carries)])
		: undefined;
	const job = await transport.createBatch(model, file.value.name ?? '', displayName, webhook);
	if (!job.ok)
		throw apiFailureError(context.getNode(), job.failure, { itemIndex: 0, attempts: job.attempts });

	const costs = requests.map((request) => request.costUsd);
	const json: IDataObject = {
		...job.value,
		requestCount: requests.length,
		model,
		estimatedCostUsd: costs.every((cost) => cost !== undefined)
			? Math.round(costs.reduce((sum: number, cost) => sum + (cost ?? 0), 0) * 1e6) / 1e6
			: null,
		inputFile: file.value.name,
		requests: requests.map(({ key, origin }) => ({ key, ...origin })) as unknown as IDataObject[],
	};
	const pairedItem = [...new Set(requests.map((request) => request.origin.itemIndex))].map(
		(item) => ({ item }),
	);
	return [
		{ json, pairedItem: combined ? items.map((_, item) => ({ item })) : pairedItem },
		...failed,
	];
}
