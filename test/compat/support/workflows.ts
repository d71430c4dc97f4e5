import { join } from 'node:path';

import type { CredentialReference } from '../../../scripts/n8n/examples';
import type { WorkflowExport } from '../../../scripts/n8n/n8n-instance';
import {
	GEMINI_IMAGE_VERSION,
	INTERACTIONS_VERSION,
	geminiBatchJob,
	geminiImage,
	geminiRefine,
	jsonFromFile,
	jsonToFile,
	manualTrigger,
	promptItems,
	readFromDisk,
	workflow,
	writeToFile,
	writeToFolder,
} from '../../support/workflows';

/** The ids of the workflows every line runs, saved once and imported unchanged into each. */
export const WORKFLOWS = {
	generateContent: 'compatGenerateGC01',
	interactions: 'compatGenerateIA01',
	edit: 'compatEditDisk001',
	refineStart: 'compatRefineA0001',
	refineNext: 'compatRefineB0001',
	batchSubmit: 'compatBatchA00001',
	batchCollect: 'compatBatchB00001',
} as const;

/** Where the workflows of one line read and write, inside its files folder. */
export function compatFiles(filesFolder: string) {
	return {
		photo: join(filesFolder, 'photo.png'),
		edited: join(filesFolder, 'edited'),
		conversationFile: join(filesFolder, 'conversation.json'),
		refined: join(filesFolder, 'refined'),
		batchFile: join(filesFolder, 'batch-job.json'),
		batchImages: join(filesFolder, 'batch'),
	};
}

export const BATCH_PROMPTS = ['A red kite over a beach', 'A blue kite over a field'];

/**
 * Stock nodes only (no Code node: its runner differs between lines), so a failure is the
 * package's. Each workflow starts at a Manual Trigger, as `n8n execute` does.
 */
export function compatWorkflows(
	credential: CredentialReference,
	filesFolder: string,
): WorkflowExport[] {
	const files = compatFiles(filesFolder);
	return [
		workflow(WORKFLOWS.generateContent, 'compat: generate (generateContent)', [
			manualTrigger(),
			geminiImage('Generate', credential, {
				typeVersion: GEMINI_IMAGE_VERSION,
				api: 'generateContent',
				prompt: 'A lighthouse at dawn, watercolor',
			}),
		]),
		workflow(WORKFLOWS.interactions, 'compat: generate (Interactions)', [
			manualTrigger(),
			geminiImage('Generate', credential, {
				typeVersion: INTERACTIONS_VERSION,
				api: 'interactions',
				prompt: 'A lighthouse at dusk, gouache',
				options: { aspectRatio: '16:9' },
			}),
		]),
		workflow(WORKFLOWS.edit, 'compat: read a photo from disk -> edit -> write', [
			manualTrigger(),
			readFromDisk('Read photo', files.photo),
			geminiImage('Edit', credential, {
				operation: 'edit',
				prompt: 'Make it a winter scene',
			}),
			writeToFolder('Write edited', files.edited),
		]),
		workflow(WORKFLOWS.refineStart, 'compat: generate -> save the conversation ID', [
			manualTrigger(),
			geminiImage('Generate', credential, {
				typeVersion: INTERACTIONS_VERSION,
				prompt: 'A cottage in a snowy forest',
			}),
			jsonToFile('ID to file', 'conversation.json'),
			writeToFile('Save the ID', `=${files.conversationFile}`),
		]),
		workflow(WORKFLOWS.refineNext, 'compat: read the ID -> refine -> write', [
			manualTrigger(),
			readFromDisk('Read the ID', files.conversationFile),
			jsonFromFile('Parse the ID', 'saved'),
			geminiRefine('Refine', credential, {
				typeVersion: INTERACTIONS_VERSION,
				prompt: 'Add warm light in the windows',
				interactionId: '={{ $json.saved.interactionId }}',
			}),
			writeToFolder('Write refined', files.refined),
		]),
		workflow(WORKFLOWS.batchSubmit, 'compat: two prompts -> one batch job -> save its name', [
			manualTrigger(),
			...promptItems(BATCH_PROMPTS),
			geminiImage('Submit batch', credential, {
				typeVersion: INTERACTIONS_VERSION,
				prompt: '={{ $json.prompt }}',
				runAs: 'batch',
				carryField: 'prompt',
				batchDisplayName: 'compat: two kites',
			}),
			jsonToFile('Name to file', 'batch-job.json'),
			writeToFile('Save the name', `=${files.batchFile}`),
		]),
		workflow(WORKFLOWS.batchCollect, 'compat: read the name -> Get Batch Results -> write', [
			manualTrigger(),
			readFromDisk('Read the name', files.batchFile),
			jsonFromFile('Parse the name', 'saved'),
			geminiBatchJob('Get results', credential, {
				batchJob: '={{ $json.saved.name }}',
				waitForCompletion: true,
				pollSeconds: 5,
				maxWaitMinutes: 2,
			}),
			writeToFolder('Write images', files.batchImages),
		]),
	];
}
