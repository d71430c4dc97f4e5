import { randomUUID } from 'node:crypto';

import type { CredentialReference } from '../../scripts/n8n/examples';
import { CREDENTIAL_TYPE, GEMINI_IMAGE_NODE_TYPE } from '../../scripts/n8n/examples';
import type { WorkflowExport, WorkflowNode } from '../../scripts/n8n/n8n-instance';

/**
 * Builds n8n workflow JSON node by node, as the editor would save it: for the end-to-end and
 * queue suites and the benchmarks.
 */

type Connection = { node: string; type: 'main'; index: number };

export interface Link {
	from: string;
	to: string;
	/** The output of `from` (If: 0 true, 1 false). */
	output?: number;
	/** The input of `to` (Merge: 0 input 1, 1 input 2). */
	input?: number;
}

/** A workflow whose nodes run in the order given, plus any extra links (for branches). */
export function workflow(
	id: string,
	name: string,
	chain: WorkflowNode[],
	options: { extraNodes?: WorkflowNode[]; links?: Link[] } = {},
): WorkflowExport {
	const nodes = [...chain, ...(options.extraNodes ?? [])].map((node, index) => ({
		...node,
		position: [index * 220, 0] as [number, number],
	}));
	const links: Link[] = chain
		.slice(1)
		.map((node, index) => ({ from: chain[index].name, to: node.name }))
		.concat(options.links ?? []);
	const connections: Record<string, { main: Connection[][] }> = {};
	for (const { from, to, output = 0, input = 0 } of links) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: input });
	}
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** One node as the editor saves it (positions are set by `workflow`). */
export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

export function manualTrigger(name = 'Run'): WorkflowNode {
	return node(name, 'n8n-nodes-base.manualTrigger', 1, {});
}

export function scheduleEverySeconds(seconds: number, name = 'Schedule'): WorkflowNode {
	return node(name, 'n8n-nodes-base.scheduleTrigger', 1.2, {
		rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] },
	});
}

/** Two nodes that turn one item into one item per prompt, each `{ prompt }`. */
export function promptItems(prompts: string[]): WorkflowNode[] {
	return [
		node('Prompts', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ prompts }),
			options: {},
		}),
		node('One item per prompt', 'n8n-nodes-base.splitOut', 1, {
			fieldToSplitOut: 'prompts',
			options: { destinationFieldName: 'prompt' },
		}),
	];
}

/**
 * The Gemini Image node version the suites of the generateContent path pin (1.1). New nodes
 * get 1.2, whose default API is Interactions; its suites pin INTERACTIONS_VERSION.
 */
export const GEMINI_IMAGE_VERSION = 1.1;
export const INTERACTIONS_VERSION = 1.2;

export interface GeminiImageParameters {
	operation?: string;
	/** null leaves the field out, as for a node whose model was never touched. */
	model?: string | null;
	/** The node version the workflow pins; the newest unless set. */
	typeVersion?: number;
	prompt: string;
	options?: Record<string, unknown>;
	[key: string]: unknown;
}

export function geminiImage(
	name: string,
	credential: CredentialReference,
	{
		model = 'gemini-nano-banana-2.1',
		typeVersion = GEMINI_IMAGE_VERSION,
		...parameters
	}: GeminiImageParameters,
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
): WorkflowNode {
	return node(
		name,
		GEMINI_IMAGE_NODE_TYPE,
		typeVersion,
		{
			operation: 'generate',
			...parameters,
			...(model === null ? {} : { model: { __rl: true, mode: 'id', value: model } }),
			options: parameters.options ?? {},
		},
		{ credentials: { [CREDENTIAL_TYPE]: credential }, ...(onError ? { onError } : {}) },
	);
}

/**
 * A Gemini Image node on Refine, as the editor saves it: no model (Refine continues the
 * conversation's), the conversation read from `conversationField` (default `conversation`).
 */
export function geminiRefine(
	name: string,
	credential: CredentialReference,
	{
		typeVersion = GEMINI_IMAGE_VERSION,
		...parameters
	}: { prompt: string; typeVersion?: number; [key: string]: unknown },
): WorkflowNode {
	return node(
		name,
		GEMINI_IMAGE_NODE_TYPE,
		typeVersion,
		{ operation: 'refine', ...parameters, options: parameters.options ?? {} },
		{ credentials: { [CREDENTIAL_TYPE]: credential } },
	);
}

/**
 * A Gemini Image node on the Batch Job resource, as the editor saves it: the job by name (an
 * expression such as `={{ $json.name }}` works), Get Batch Results unless `operation` says
 * otherwise (`getBatch`, `cancelBatch`), plus that operation's parameters (`waitForCompletion`,
 * `pollSeconds`, `maxWaitMinutes`).
 */
export function geminiBatchJob(
	name: string,
	credential: CredentialReference,
	{
		batchJob,
		operation = 'getBatchResults',
		typeVersion = INTERACTIONS_VERSION,
		...parameters
	}: { batchJob: string; operation?: string; typeVersion?: number; [key: string]: unknown },
): WorkflowNode {
	return node(
		name,
		GEMINI_IMAGE_NODE_TYPE,
		typeVersion,
		{
			resource: 'batch',
			operation,
			batchJob: { __rl: true, mode: 'name', value: batchJob },
			...parameters,
			options: parameters.options ?? {},
		},
		{ credentials: { [CREDENTIAL_TYPE]: credential } },
	);
}

/** Read/Write Files from Disk, writing each item's `data` into `folder` under its `fileName`. */
export function writeToFolder(name: string, folder: string): WorkflowNode {
	return writeToFile(name, `=${folder}/{{ $json.fileName }}`);
}

/** Read/Write Files from Disk, reading the files `fileSelector` matches (a path or a glob). */
export function readFromDisk(name: string, fileSelector: string, property = 'data'): WorkflowNode {
	return node(name, 'n8n-nodes-base.readWriteFile', 1.1, {
		operation: 'read',
		fileSelector,
		options: property === 'data' ? {} : { dataPropertyName: property },
	});
}

/** Read/Write Files from Disk, writing the binary `property` of each item to `fileName`. */
export function writeToFile(name: string, fileName: string, property = 'data'): WorkflowNode {
	return node(name, 'n8n-nodes-base.readWriteFile', 1.1, {
		operation: 'write',
		fileName,
		dataPropertyName: property,
		options: {},
	});
}

/** A Merge node combining its two inputs' items by position (JSON and binary data). */
export function mergeByPosition(name: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.merge', 3.2, {
		mode: 'combine',
		combineBy: 'combineByPosition',
		options: {},
	});
}

/** A Code node running `jsCode` once for all items. */
export function code(name: string, jsCode: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.code', 2, { jsCode });
}

/** Convert to File: each item's JSON into a JSON file in the binary property `data`. */
export function jsonToFile(name: string, fileName: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.convertToFile', 1.1, {
		operation: 'toJson',
		mode: 'each',
		options: { fileName, format: true },
	});
}

/** Extract from File: parses the JSON file in `data` into the field `destinationKey`. */
export function jsonFromFile(name: string, destinationKey = 'data'): WorkflowNode {
	return node(name, 'n8n-nodes-base.extractFromFile', 1.1, {
		operation: 'fromJson',
		destinationKey,
		options: {},
	});
}

/** An If node: output 0 gets items with binary `data`, output 1 the others. */
export function hasImage(name: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.if', 2.2, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: randomUUID(),
					leftValue: '={{ $binary.data !== undefined }}',
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
}

export function noOp(name: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.noOp', 1, {});
}
