import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchOrigin } from '../../gemini/batch/lines';
import {
	batchRequestFailure,
	estimateBatchImageCostUsd,
	parseBatchKey,
} from '../../gemini/batch/lines';
import type { BatchJobView } from '../../gemini/batch/job';
import { generateContentAdapter } from '../../gemini/generateContent/adapter';
import { apiFailureError, errorItemJson, missingImageError } from '../../n8n/failures';
import { buildImageItems } from '../../n8n/output';
import type { OutputSettings } from '../../n8n/outputSettings';
import { readOutputSettings } from '../../n8n/outputSettings';
import type { Transport } from '../../transport/call';
import { judgeAnswer } from '../../transport/answers';
import { VERTEX_BATCH_HINT } from '../../description/batch';
import type { JobOperation } from '../types';
import { callError, finishedJob, notReady } from './job';

interface Collected {
	origin: BatchOrigin;
	items: INodeExecutionData[];
	/** Why the request has no image: thrown (the first in item order) without Continue On Fail. */
	error?: Error;
}

/** One line of the results file: its images as items, or an error item naming its request. */
async function collectLine(
	context: IExecuteFunctions,
	job: BatchJobView,
	line: string,
	output: OutputSettings,
	itemIndex: number,
): Promise<Collected> {
	const pairedItem = { item: itemIndex };
	let parsed: { key?: unknown; response?: unknown; error?: unknown };
	try {
		parsed = JSON.parse(line) as typeof parsed;
	} catch {
		parsed = {};
	}
	const origin = parseBatchKey(parsed.key);
	if (!origin) {
		throw new NodeOperationError(
			context.getNode(),
			`Batch job ${job.name} answered a request this node did not submit`,
			{
				itemIndex,
				description:
					'Its results hold a line without a key of the form a Gemini Image node writes: check what answers at the Base URL.',
			},
		);
	}
	const tag: IDataObject = {
		batch: job.name,
		itemIndex: origin.itemIndex,
		imageNumber: origin.imageNumber,
		...(origin.carry !== undefined ? { carry: origin.carry } : {}),
	};
	const outcome = parsed.response
		? judgeAnswer(generateContentAdapter)(parsed.response)
		: { failure: batchRequestFailure(parsed.error), attempts: 1 };
	if (!('made' in outcome)) {
		const node = context.getNode();
		const { itemIndex: item, imageNumber } = origin;
		const error =
			'missing' in outcome
				? missingImageError(node, outcome.missing, { itemIndex: item, imageNumber })
				: apiFailureError(node, outcome.failure, { itemIndex: item, imageNumber });
		return { origin, items: [{ json: { ...errorItemJson(error), ...tag }, pairedItem }], error };
	}
	const model = job.model ?? outcome.made.modelVersion ?? '';
	const items = await buildImageItems(
		context,
		[{ content: outcome.made, images: outcome.images, imageNumber: origin.imageNumber }],
		{
			model,
			api: 'batch',
			interactionChain: [],
			prompt: origin.carry ?? `item ${origin.itemIndex}`,
			includeThoughts: outcome.made.thoughts !== '',
			googleSearch: outcome.made.grounding !== undefined,
			estimatedCostUsd: estimateBatchImageCostUsd(model, origin.imageSize),
			sentTurns: [],
			sentBinaries: {},
			inputConversions: [],
			simplify: output.simplify,
			pairedItem,
		},
		// Image 2 of an item gets its own file name ("sku-3-2.jpg"), as live.
		{ ...output, numberOfImages: origin.imageNumber, imagesOutput: 'separateItems' },
	);
	for (const item of items) {
		const {
			prompt: _name,
			imageNumber: _one,
			imageCount: _count,
			conversation: _none,
			...json
		} = item.json;
		item.json = { ...json, ...tag };
	}
	return { origin, items };
}

/** All images in one item: the images' binaries under `data`, `data_2`, ... in order. */
function inOneItem(
	collected: INodeExecutionData[],
	property: string,
	itemIndex: number,
): INodeExecutionData[] {
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	const images: IDataObject[] = [];
	collected.forEach((item, index) => {
		const name = index === 0 ? property : `${property}_${index + 1}`;
		if (item.binary?.[property]) binary[name] = item.binary[property];
		images.push({ binaryProperty: item.binary?.[property] ? name : null, ...item.json });
	});
	return [{ json: { imageCount: images.length, images }, binary, pairedItem: { item: itemIndex } }];
}

/**
 * Get Batch Results: the finished job's answers, read line by line as they arrive (each image
 * written through n8n's binary helpers as it is read), then put back in the order of the
 * items submitted, whatever order Google wrote them in.
 */
async function collectBatchResults(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: Transport,
): Promise<INodeExecutionData[]> {
	const job = await finishedJob(context, transport, itemIndex);
	if (job.state !== 'succeeded' || !job.resultsFile) throw notReady(context, job, itemIndex);
	const output = readOutputSettings(context, itemIndex);
	const collected: Collected[] = [];
	const read = await transport.readFileLines(
		job.resultsFile,
		Math.max(1, job.requestCount ?? 100_000),
		async (line) => {
			collected.push(await collectLine(context, job, line, output, itemIndex));
		},
	);
	if (!read.ok) throw callError(context, read, itemIndex);
	collected.sort(
		(a, b) =>
			a.origin.itemIndex - b.origin.itemIndex || a.origin.imageNumber - b.origin.imageNumber,
	);
	const failed = collected.find((entry) => entry.error);
	if (failed?.error && !context.continueOnFail()) throw failed.error;
	const items = collected.flatMap((entry) => entry.items);
	return output.imagesOutput === 'oneItem'
		? inOneItem(items, output.binaryPropertyName, itemIndex)
		: items;
}

export const getBatchResultsOperation: JobOperation = {
	value: 'getBatchResults',
	name: 'Get Batch Results',
	description:
		'The images of a finished batch job, one item per request in the order of the items submitted, each with its key and carried field',
	action: 'Get the images of a batch job',
	properties: [],
	notOnVertex: VERTEX_BATCH_HINT,
	// Each result is paired with the input item it was made from.
	execute: (context, itemIndex, transport) => collectBatchResults(context, itemIndex, transport),
};
