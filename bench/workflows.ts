/** The workflows the benchmarks run, built as the editor would save them. */
import { randomUUID } from 'node:crypto';

import type { WorkflowExport, WorkflowNode } from '../scripts/n8n/n8n-instance';
import {
	geminiImage,
	manualTrigger,
	promptItems,
	workflow,
	type GeminiImageParameters,
} from '../test/support/workflows';
import { GEMINI_IMAGE_CREDENTIAL, GOOGLE_PALM_CREDENTIAL } from './n8n-bench';

/** The name of the node whose execution time is read from the run. */
export const MEASURED_NODE = 'Generate';

/**
 * `count` prompts cycling over four texts: the simulator then answers from its image cache, so
 * its own image encoding (one thread, about 5 ms a 1K image and 70 ms a 4K one) stays out of
 * the measured time. What the node does per item does not depend on the text.
 */
export function prompts(count: number, label: string): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${label} ${(index % 4) + 1}: a lighthouse at dawn`,
	);
}

/** Manual Trigger -> Set + Split Out (one item per prompt) -> this package's node. */
export function geminiImageWorkflow(
	id: string,
	itemPrompts: string[],
	parameters: Omit<GeminiImageParameters, 'prompt'>,
): WorkflowExport {
	return workflow(id, `bench: ${id}`, [
		manualTrigger(),
		...promptItems(itemPrompts),
		geminiImage(MEASURED_NODE, GEMINI_IMAGE_CREDENTIAL, {
			prompt: '={{ $json.prompt }}',
			...parameters,
		}),
	]);
}

/**
 * n8n's own Google Gemini node (version 1.2, its default), resource Image, operation Generate.
 * Its model is a resource locator whose id carries the `models/` prefix: the node puts it into
 * the path as `/v1beta/{model}:generateContent`.
 */
export function googleGeminiNode(name: string, model: string): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: '@n8n/n8n-nodes-langchain.googleGemini',
		typeVersion: 1.2,
		position: [0, 0],
		parameters: {
			resource: 'image',
			operation: 'generate',
			modelId: { __rl: true, mode: 'id', value: `models/${model}` },
			prompt: '={{ $json.prompt }}',
			options: {},
		},
		credentials: { googlePalmApi: GOOGLE_PALM_CREDENTIAL },
	};
}

export function googleGeminiWorkflow(
	id: string,
	itemPrompts: string[],
	model: string,
): WorkflowExport {
	return workflow(id, `bench: ${id}`, [
		manualTrigger(),
		...promptItems(itemPrompts),
		googleGeminiNode(MEASURED_NODE, model),
	]);
}

/**
 * Read/Write Files from Disk reading every file matching `pattern` (one item each, binary
 * `data`) -> this package's node editing each image.
 */
export function editFromDiskWorkflow(
	id: string,
	pattern: string,
	parameters: Omit<GeminiImageParameters, 'prompt'>,
): WorkflowExport {
	const read: WorkflowNode = {
		id: randomUUID(),
		name: 'Read images',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: { operation: 'read', fileSelector: pattern, options: { dataPropertyName: 'data' } },
	};
	return workflow(id, `bench: ${id}`, [
		manualTrigger(),
		read,
		geminiImage(MEASURED_NODE, GEMINI_IMAGE_CREDENTIAL, {
			operation: 'edit',
			prompt: 'Make it look like a watercolour',
			...parameters,
		}),
	]);
}
