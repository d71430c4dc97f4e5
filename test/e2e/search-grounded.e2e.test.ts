import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { geminiImage, manualTrigger, workflow, writeToFolder } from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { requestsWithPrompt } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PROMPT = "A poster of tomorrow's weather forecast for Lisbon";

/** Generate with Google Search: the image goes to disk, its sources come out in the JSON. */
describe('generate with Google Search', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'search');
	let result: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow('e2eSearchGrounded01', 'e2e: generate with Google Search -> file', [
				manualTrigger(),
				geminiImage('Generate with Search', state.credential, {
					operation: 'generateWithSearch',
					model: 'gemini-3-pro-image',
					prompt: PROMPT,
					options: { aspectRatio: '9:16' },
				}),
				writeToFolder('Write file', folder),
			]),
		]);
		result = await executeWorkflow(n8n, 'e2eSearchGrounded01');
	});

	it('succeeds', () => {
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
	});

	it('asks Google for the googleSearch tool', async () => {
		const requests = await requestsWithPrompt(state, PROMPT);
		expect(requests).toHaveLength(1);
		expect(requests[0].status).toBe(200);
		expect((requests[0].body as { tools?: unknown }).tools).toEqual([{ googleSearch: {} }]);
	});

	it('outputs the sources, the search queries and the entry point Google requires shown', () => {
		const [item, ...rest] = nodeOutput(result.run, 'Generate with Search');
		expect(rest).toHaveLength(0);
		// The simulator's three web results for this prompt, in its order.
		expect(item.json.sources).toEqual(
			[1, 2, 3].map((n) => ({
				title: `example.com: A poster of tomorrow's weather forecast  (${n})`,
				url: `https://example.com/a-poster-of-tomorrow-s-weather-forecast-/source-${n}`,
			})),
		);
		expect(item.json.searchQueries).toEqual([PROMPT, "A poster of tomorrow's weather latest"]);
		const entryPoint = item.json.searchEntryPoint as string;
		expect(typeof entryPoint).toBe('string');
		expect(entryPoint).toContain('https://www.google.com/search?q=');
		expect(item.json).toMatchObject({
			model: 'gemini-3-pro-image',
			prompt: PROMPT,
			mimeType: 'image/jpeg',
			width: 768,
			height: 1376,
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg' });
	});

	it('writes a valid 768x1376 JPEG to disk', () => {
		const files = listFiles(folder);
		expect(files).toHaveLength(1);
		expect(readImageFile(join(folder, files[0]))).toMatchObject({
			type: 'jpg',
			width: 768,
			height: 1376,
		});
	});
});
