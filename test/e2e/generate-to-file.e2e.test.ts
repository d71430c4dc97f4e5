import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstance } from '../../scripts/n8n/n8n-instance';
import {
	geminiImage,
	manualTrigger,
	scheduleEverySeconds,
	workflow,
	writeToFolder,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { loadState, suiteN8n } from './support/state';

/**
 * The node and its credential load in a real n8n, and a Schedule Trigger -> Generate -> Write file
 * workflow writes a real 2K 16:9 JPEG (what Google's Gemini 3 models answer). (The workflow also has a Manual Trigger, as users add one to
 * try a scheduled workflow by hand: `n8n execute` starts there.)
 */
describe('generate an image into a file', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'generate');
	const workflowId = 'e2eGenerateToFile01';
	let n8n: N8nInstance;
	let result: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		n8n = suiteN8n(state);
		const generate = geminiImage('Generate', state.credential, {
			model: 'gemini-3-pro-image',
			prompt: 'A lighthouse on a cliff at sunset, cinematic wide shot',
			options: { aspectRatio: '16:9', imageSize: '2K' },
		});
		const schedule = scheduleEverySeconds(3600, 'Every hour');
		await n8n.importWorkflows([
			workflow(
				workflowId,
				'e2e: schedule -> generate 2K 16:9 -> file',
				[manualTrigger('Run now'), generate, writeToFolder('Write file', folder)],
				{ extraNodes: [schedule], links: [{ from: 'Every hour', to: 'Generate' }] },
			),
		]);
		result = await executeWorkflow(n8n, workflowId);
	});

	it('loads the community package: the workflow runs and no package fails to load', () => {
		expect(result.output).not.toMatch(/Failed to load package/i);
		expect(result.output).not.toMatch(/Unrecognized node type/i);
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
	});

	it('outputs one item describing the image', () => {
		const [item, ...rest] = nodeOutput(result.run, 'Generate');
		expect(rest).toHaveLength(0);
		expect(item.json).toMatchObject({
			model: 'gemini-3-pro-image',
			prompt: 'A lighthouse on a cliff at sunset, cinematic wide shot',
			mimeType: 'image/jpeg',
			width: 2752,
			height: 1536,
			finishReason: 'STOP',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg' });
	});

	it('writes a valid 2752x1536 JPEG to disk', () => {
		const files = listFiles(folder);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/\.jpg$/);
		const image = readImageFile(join(folder, files[0]));
		expect(image).toMatchObject({ type: 'jpg', width: 2752, height: 1536 });
	});
});
