import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	geminiImage,
	manualTrigger,
	promptItems,
	workflow,
	writeToFolder,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { promptOf, simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PROMPTS = ['A fox in the snow', 'A heron at dawn', 'An owl on a branch'];

/** Three input items, two images each: six items out, each paired with its input, none lost. */
describe('several items with two images each', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'several');
	let result: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow('e2eSeveralImages001', 'e2e: 3 items x 2 images', [
				manualTrigger(),
				...promptItems(PROMPTS),
				geminiImage('Generate', state.credential, {
					prompt: '={{ $json.prompt }}',
					options: { numberOfImages: 2, aspectRatio: '3:2' },
				}),
				writeToFolder('Write file', folder),
			]),
		]);
		result = await executeWorkflow(n8n, 'e2eSeveralImages001');
	});

	it('succeeds', () => {
		expect(result.run.status).toBe('success');
	});

	it('outputs six items, two per input, each paired with its input index', () => {
		const items = nodeOutput(result.run, 'Generate');
		expect(items).toHaveLength(6);
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
		]);
		expect(items.map((item) => item.json.prompt)).toEqual(PROMPTS.flatMap((p) => [p, p]));
		expect(items.map((item) => item.json.imageNumber)).toEqual([1, 2, 1, 2, 1, 2]);
		for (const item of items) expect(item.binary?.data).toBeDefined();
	});

	it('sent one request per image to the API (only one image comes back per request)', async () => {
		const prompts = (await simulatorRequests(state))
			.filter((request) => request.path.endsWith(':generateContent'))
			.map(promptOf)
			.filter((prompt) => PROMPTS.includes(prompt))
			.sort();
		expect(prompts).toEqual(PROMPTS.flatMap((p) => [p, p]).sort());
	});

	it('writes six distinct files, none lost or overwritten', () => {
		const names = nodeOutput(result.run, 'Generate').map((item) => String(item.json.fileName));
		expect(names).toEqual([
			'a-fox-in-the-snow-1.jpg',
			'a-fox-in-the-snow-2.jpg',
			'a-heron-at-dawn-1.jpg',
			'a-heron-at-dawn-2.jpg',
			'an-owl-on-a-branch-1.jpg',
			'an-owl-on-a-branch-2.jpg',
		]);
		const files = listFiles(folder);
		expect(files).toEqual([...names].sort());
		for (const name of files) {
			expect(readImageFile(join(folder, name))).toMatchObject({
				type: 'jpg',
				width: 1264,
				height: 848,
			});
		}
	});
});
