import { randomUUID } from 'node:crypto';

import type { CredentialReference } from '../../../scripts/n8n/examples';
import { CREDENTIAL_TYPE, GEMINI_IMAGE_NODE_TYPE } from '../../../scripts/n8n/examples';
import type { WorkflowExport, WorkflowNode } from '../../../scripts/n8n/n8n-instance';
import { GEMINI_IMAGE_VERSION, node, workflow } from '../../e2e/support/workflows';

/** The workflows the queue-mode cases run, built node by node as the editor saves them. */

export const MODEL = 'gemini-nano-banana-2.1';
export const ASPECT_RATIO = '16:9';
/** The node's default, set explicitly so the throughput figures say what they measured. */
export const PARALLEL_REQUESTS = 5;
export const EDIT_PREFIX = 'Make it night: ';

export const FAN_OUT = { id: 'queueFanOut00001', path: 'gemini-queue-fan-out' };
export const SCHEDULED = { id: 'queueSchedule001', seconds: 5 };
export const REFINE = { id: 'queueRefine00001', path: 'gemini-queue-refine' };
export const BATCHES = { id: 'queueBatches0001', path: 'gemini-queue-batches' };

/** Folders (under the files folder) the workflows write into. */
export const FOLDERS = {
	fanOut: 'fan-out',
	scheduled: 'scheduled',
	refine: 'refine',
	batches: 'batches',
};

/** A production webhook at /webhook/<path> taking a JSON POST; answers at once, runs queued. */
function webhook(path: string): WorkflowNode {
	return node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		{ webhookId: randomUUID() },
	);
}

/** The webhook body's `prompts` array as one item per prompt, each `{ prompt }`. */
function onePerPrompt(): WorkflowNode {
	return node('One item per prompt', 'n8n-nodes-base.splitOut', 1, {
		fieldToSplitOut: 'body.prompts',
		options: { destinationFieldName: 'prompt' },
	});
}

function geminiImage(
	name: string,
	credential: CredentialReference,
	parameters: Record<string, unknown>,
	options: Record<string, unknown> = {},
): WorkflowNode {
	return node(
		name,
		GEMINI_IMAGE_NODE_TYPE,
		GEMINI_IMAGE_VERSION,
		{
			operation: 'generate',
			...parameters,
			...(parameters.operation === 'refine'
				? {}
				: { model: { __rl: true, mode: 'id', value: parameters.model ?? MODEL } }),
			options: { parallelRequests: PARALLEL_REQUESTS, ...options },
		},
		{ credentials: { [CREDENTIAL_TYPE]: credential } },
	);
}

function generate(credential: CredentialReference, model = MODEL): WorkflowNode {
	return geminiImage(
		'Generate',
		credential,
		{ prompt: '={{ $json.prompt }}', model },
		{ aspectRatio: ASPECT_RATIO },
	);
}

/** Edits each generated image; no aspect ratio set, so it follows the input image. */
function edit(credential: CredentialReference): WorkflowNode {
	return geminiImage('Edit', credential, {
		operation: 'edit',
		prompt: `={{ ${JSON.stringify(EDIT_PREFIX)} + $json.prompt }}`,
		inputBinaryProperties: 'data',
	});
}

/** Writes each item's `data` to `<folder>/e<execution id>-<fileName>`. */
function writeFiles(folder: string): WorkflowNode {
	return node('Write file', 'n8n-nodes-base.readWriteFile', 1.1, {
		operation: 'write',
		fileName: `=${folder}/e{{ $execution.id }}-{{ $json.fileName }}`,
		dataPropertyName: 'data',
		options: {},
	});
}

/** Webhook (40+ prompts) -> Split Out -> Generate -> Edit -> Write file. */
export function fanOutWorkflow(credential: CredentialReference, folder: string): WorkflowExport {
	return workflow(FAN_OUT.id, 'queue: webhook -> generate -> edit -> files', [
		webhook(FAN_OUT.path),
		onePerPrompt(),
		generate(credential),
		edit(credential),
		writeFiles(folder),
	]);
}

/** Schedule (every few seconds) -> Generate -> Write file. */
export function scheduledWorkflow(credential: CredentialReference, folder: string): WorkflowExport {
	return workflow(SCHEDULED.id, 'queue: schedule -> generate -> file', [
		node('Schedule', 'n8n-nodes-base.scheduleTrigger', 1.2, {
			rule: { interval: [{ field: 'seconds', secondsInterval: SCHEDULED.seconds }] },
		}),
		geminiImage('Generate', credential, {
			prompt: '=A postcard of the harbour, sent on schedule at {{ $now.toISO() }}',
		}),
		writeFiles(folder),
	]);
}

export const REFINE_STEPS = ['Make the sky violet', 'Add a small red boat on the water'];
export const REFINE_MODEL = 'gemini-3-pro-image';

/** Webhook ({ prompt }) -> Generate (Pro, signatures) -> Refine -> Refine -> Write file. */
export function refineWorkflow(credential: CredentialReference, folder: string): WorkflowExport {
	return workflow(REFINE.id, 'queue: generate -> refine -> refine', [
		webhook(REFINE.path),
		geminiImage(
			'Generate',
			credential,
			{ prompt: '={{ $json.body.prompt }}', model: REFINE_MODEL },
			{ aspectRatio: '4:3' },
		),
		geminiImage('Refine 1', credential, { operation: 'refine', prompt: REFINE_STEPS[0] }),
		geminiImage('Refine 2', credential, { operation: 'refine', prompt: REFINE_STEPS[1] }),
		writeFiles(folder),
	]);
}

export const BATCH_SIZE = 5;

/**
 * Webhook (40+ prompts) -> Split Out -> Loop Over Items (5 at a time: Generate -> Edit -> Write
 * file -> back to the loop). Files appear batch by batch while the execution runs.
 */
export function batchesWorkflow(credential: CredentialReference, folder: string): WorkflowExport {
	const loop = node('Loop', 'n8n-nodes-base.splitInBatches', 3, {
		batchSize: BATCH_SIZE,
		options: {},
	});
	const chain = [
		webhook(BATCHES.path),
		onePerPrompt(),
		loop,
		generate(credential),
		edit(credential),
		writeFiles(folder),
	];
	const built = workflow(BATCHES.id, 'queue: webhook -> batches of 5 -> files', chain, {
		links: [{ from: 'Write file', to: 'Loop' }],
	});
	// Loop Over Items: output 0 is "done", output 1 "loop" (the next batch).
	const connections = built.connections as Record<string, { main: unknown[][] }>;
	connections.Loop = { main: [[], [{ node: 'Generate', type: 'main', index: 0 }]] };
	return built;
}

/** `count` distinct prompts for one webhook call; the numbers lead, so file names stay distinct. */
export function promptsForCall(call: string, count: number): string[] {
	const subjects = ['a lighthouse in fog', 'a fox in snow', 'a tram at dusk', 'a kite over dunes'];
	return Array.from(
		{ length: count },
		(_, index) =>
			`p${String(index + 1).padStart(2, '0')} ${call} ${subjects[index % subjects.length]}`,
	);
}
