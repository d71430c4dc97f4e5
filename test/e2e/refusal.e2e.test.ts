import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	geminiImage,
	hasImage,
	manualTrigger,
	noOp,
	promptItems,
	workflow,
	writeToFolder,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { loadState, suiteN8n } from './support/state';

/**
 * Three prompts, the middle one refused by the model ([sim:refusal] makes the simulator answer
 * as Google does for a blocked image: HTTP 200, no image, finishReason IMAGE_SAFETY).
 */
const PROMPTS = [
	'A red kite over a beach',
	'A forbidden picture [sim:refusal]',
	'A blue boat on a lake',
];

const MODEL_MESSAGE =
	"Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You will not be charged for blocked images.";
const MESSAGE = 'No image for item 1: the model refused for safety reasons (IMAGE_SAFETY)';
const DESCRIPTION = `The model said: "${MODEL_MESSAGE}" Rephrase the prompt (or change the input images) and run again.`;

describe('a refused prompt among three', () => {
	const state = loadState();
	const n8n = suiteN8n(state);
	const folder = join(state.filesFolder, 'refusal');
	let continued: WorkflowRun;
	let stopped: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		await n8n.importWorkflows([
			workflow(
				'e2eRefusalContinue1',
				'e2e: refusal with Continue On Fail',
				[
					manualTrigger(),
					...promptItems(PROMPTS),
					geminiImage(
						'Generate',
						state.credential,
						{ prompt: '={{ $json.prompt }}' },
						'continueRegularOutput',
					),
					hasImage('Has image?'),
					writeToFolder('Write file', folder),
				],
				{
					extraNodes: [noOp('No image')],
					links: [{ from: 'Has image?', to: 'No image', output: 1 }],
				},
			),
			workflow('e2eRefusalStops0001', 'e2e: refusal without Continue On Fail', [
				manualTrigger(),
				...promptItems(PROMPTS),
				geminiImage('Generate', state.credential, { prompt: '={{ $json.prompt }}' }),
			]),
		]);
		continued = await executeWorkflow(n8n, 'e2eRefusalContinue1');
		stopped = await executeWorkflow(n8n, 'e2eRefusalStops0001');
	});

	describe('with Continue On Fail (regular output)', () => {
		it('succeeds and keeps all three items in order, paired with their inputs', () => {
			expect(continued.run.status).toBe('success');
			const items = nodeOutput(continued.run, 'Generate');
			expect(items).toHaveLength(3);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});

		it('passes the refused item on with the reason in json.error', () => {
			const refused = nodeOutput(continued.run, 'Generate')[1];
			expect(refused.binary).toBeUndefined();
			const error = refused.json.error as Record<string, unknown>;
			expect(error).toEqual({
				message: MESSAGE,
				description: DESCRIPTION,
				reason: 'IMAGE_SAFETY',
				retryable: false,
				modelMessage: MODEL_MESSAGE,
			});

			const noImage = nodeOutput(continued.run, 'Has image?', 1);
			expect(noImage).toHaveLength(1);
			expect(noImage[0].json.error).toEqual(error);
		});

		it('writes the two other images to disk', () => {
			const written = nodeOutput(continued.run, 'Write file');
			expect(written.map((item) => item.json.prompt)).toEqual([PROMPTS[0], PROMPTS[2]]);
			const files = listFiles(folder);
			expect(files).toHaveLength(2);
			for (const name of files) {
				expect(readImageFile(join(folder, name))).toMatchObject({
					type: 'jpg',
					width: 1024,
					height: 1024,
				});
			}
		});
	});

	describe('without Continue On Fail', () => {
		it('fails the execution', () => {
			expect(stopped.run.status).toBe('error');
			expect(stopped.exitCode).not.toBe(0);
		});

		it('names the item (0-based, as n8n counts) and the reason in the error', () => {
			const error = stopped.run.data.resultData.error;
			expect(stopped.run.data.resultData.lastNodeExecuted).toBe('Generate');
			expect(error).toMatchObject({
				name: 'NodeOperationError',
				context: { itemIndex: 1, reason: 'IMAGE_SAFETY' },
			});
			expect(error?.message).toBe(MESSAGE);
			// The user is told what to do next.
			expect(error?.description).toBe(DESCRIPTION);
		});
	});
});
