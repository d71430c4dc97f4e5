import { randomUUID } from 'node:crypto';

import type { CredentialReference } from '../../../scripts/n8n/examples';
import { CREDENTIAL_TYPE, GEMINI_IMAGE_NODE_TYPE } from '../../../scripts/n8n/examples';
import type { WorkflowExport, WorkflowNode } from '../../../scripts/n8n/n8n-instance';
import type { GeminiImageParameters } from '../../support/workflows';
import {
	INTERACTIONS_VERSION,
	geminiImage as geminiImageNode,
	geminiRefine,
	node,
	scheduleEverySeconds,
	workflow,
	writeToFile,
} from '../../support/workflows';

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
export const INTERACT_START = { id: 'queueInteract001', path: 'gemini-queue-interact-start' };
export const INTERACT_REFINE = { id: 'queueInteract002', path: 'gemini-queue-interact-refine' };
export const BATCH_SUBMIT = { id: 'queueBatchJob001', path: 'gemini-queue-batch-submit' };
export const BATCH_COLLECT = { id: 'queueBatchJob002', path: 'gemini-queue-batch-collect' };
export const BATCH_TRIGGERED = { id: 'queueBatchJob003' };

/** Folders (under the files folder) the workflows write into. */
export const FOLDERS = {
	fanOut: 'fan-out',
	scheduled: 'scheduled',
	refine: 'refine',
	batches: 'batches',
	interactions: 'interactions',
	batchJob: 'batch-job',
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

/** A Gemini Image node on MODEL unless given, sending PARALLEL_REQUESTS at a time. */
function geminiImage(
	name: string,
	credential: CredentialReference,
	parameters: GeminiImageParameters,
	options: Record<string, unknown> = {},
): WorkflowNode {
	return geminiImageNode(name, credential, {
		model: MODEL,
		...parameters,
		options: { parallelRequests: PARALLEL_REQUESTS, ...options },
	});
}

/** Refine continues the conversation's model, so the node has none. */
function refine(name: string, credential: CredentialReference, prompt: string): WorkflowNode {
	return geminiRefine(name, credential, {
		prompt,
		options: { parallelRequests: PARALLEL_REQUESTS },
	});
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
	return writeToFile('Write file', `=${folder}/e{{ $execution.id }}-{{ $json.fileName }}`);
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
		scheduleEverySeconds(SCHEDULED.seconds),
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
		refine('Refine 1', credential, REFINE_STEPS[0]),
		refine('Refine 2', credential, REFINE_STEPS[1]),
		writeFiles(folder),
	]);
}

/** Webhook ({ prompt }) -> Generate on a new node (Interactions: Google keeps it) -> Write file. */
export function interactStartWorkflow(
	credential: CredentialReference,
	folder: string,
): WorkflowExport {
	return workflow(INTERACT_START.id, 'queue: generate, the conversation kept at Google', [
		webhook(INTERACT_START.path),
		geminiImage('Generate', credential, {
			prompt: '={{ $json.body.prompt }}',
			model: REFINE_MODEL,
			typeVersion: INTERACTIONS_VERSION,
		}),
		writeFiles(folder),
	]);
}

/** Webhook ({ interactionId, prompt }) -> Refine by ID alone -> Write file. */
export function interactRefineWorkflow(
	credential: CredentialReference,
	folder: string,
): WorkflowExport {
	return workflow(INTERACT_REFINE.id, 'queue: refine a conversation kept at Google by its ID', [
		webhook(INTERACT_REFINE.path),
		geminiRefine('Refine', credential, {
			prompt: '={{ $json.body.prompt }}',
			interactionId: '={{ $json.body.interactionId }}',
			typeVersion: INTERACTIONS_VERSION,
			options: {},
		}),
		writeFiles(folder),
	]);
}

/** The field of each submitted item whose value comes back on its result. */
export const BATCH_CARRY_FIELD = 'sku';
/** Get Batch Results' Wait for Completion: check every 5 s (the node's least), for 2 minutes. */
export const BATCH_POLL_SECONDS = 5;
export const BATCH_MAX_WAIT_MINUTES = 2;

/**
 * Webhook ({ prompts: [{ prompt, sku }, ...] }) -> Split Out (one item per object) -> Generate,
 * Run As: Batch Job, carrying each item's sku: one item out, the job Google runs.
 */
export function batchSubmitWorkflow(credential: CredentialReference): WorkflowExport {
	return workflow(BATCH_SUBMIT.id, 'queue: webhook -> submit a batch job', [
		webhook(BATCH_SUBMIT.path),
		node('One item per prompt', 'n8n-nodes-base.splitOut', 1, {
			fieldToSplitOut: 'body.prompts',
			options: {},
		}),
		geminiImageNode('Submit batch', credential, {
			model: MODEL,
			typeVersion: INTERACTIONS_VERSION,
			prompt: '={{ $json.prompt }}',
			runAs: 'batch',
			carryField: BATCH_CARRY_FIELD,
			batchDisplayName: '=queue batch {{ $execution.id }}',
		}),
	]);
}

/**
 * Webhook ({ name }) -> Get Batch Results of that job, waiting for it to finish -> Write file:
 * one item per request, in the order of the submitted items.
 */
export function batchCollectWorkflow(
	credential: CredentialReference,
	folder: string,
): WorkflowExport {
	return workflow(BATCH_COLLECT.id, 'queue: webhook -> batch results -> files', [
		webhook(BATCH_COLLECT.path),
		// No prompt and no model: the Batch resource has neither.
		node(
			'Get batch results',
			GEMINI_IMAGE_NODE_TYPE,
			INTERACTIONS_VERSION,
			{
				resource: 'batch',
				operation: 'getBatchResults',
				batchJob: { __rl: true, mode: 'name', value: '={{ $json.body.name }}' },
				waitForCompletion: true,
				pollSeconds: BATCH_POLL_SECONDS,
				maxWaitMinutes: BATCH_MAX_WAIT_MINUTES,
				options: {},
			},
			{ credentials: { [CREDENTIAL_TYPE]: credential } },
		),
		writeFiles(folder),
	]);
}

/**
 * Gemini Image Trigger (Batch Job Finished, every minute: n8n's shortest poll) -> Get Batch
 * Results of the job it names. The trigger polls on the main; the execution it starts is queued.
 */
export function batchTriggeredWorkflow(credential: CredentialReference): WorkflowExport {
	return workflow(BATCH_TRIGGERED.id, 'queue: batch job finished -> batch results', [
		node(
			'Batch finished',
			'n8n-nodes-gemini-image.geminiImageTrigger',
			1,
			{ pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'batchJobFinished' },
			{ credentials: { [CREDENTIAL_TYPE]: credential } },
		),
		node(
			'Get batch results',
			GEMINI_IMAGE_NODE_TYPE,
			INTERACTIONS_VERSION,
			{
				resource: 'batch',
				operation: 'getBatchResults',
				batchJob: { __rl: true, mode: 'name', value: '={{ $json.name }}' },
				options: {},
			},
			{ credentials: { [CREDENTIAL_TYPE]: credential } },
		),
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
	return workflow(
		BATCHES.id,
		'queue: webhook -> batches of 5 -> files',
		[webhook(BATCHES.path), onePerPrompt(), loop],
		{
			extraNodes: [generate(credential), edit(credential), writeFiles(folder)],
			// Loop Over Items: output 0 is "done", output 1 "loop" (the next batch).
			links: [
				{ from: 'Loop', to: 'Generate', output: 1 },
				{ from: 'Generate', to: 'Edit' },
				{ from: 'Edit', to: 'Write file' },
				{ from: 'Write file', to: 'Loop' },
			],
		},
	);
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
