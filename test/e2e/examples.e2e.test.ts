import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { loadExampleWorkflows, writeSamplePhoto } from '../../scripts/n8n/examples';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput } from './support/run-workflow';
import { loadState, suiteN8n } from './support/state';

/**
 * The example workflows shipped in examples/ run as a user would run them by hand (their folder
 * moved from the Docker default into this suite's files folder, as `npm start` does).
 */
describe('example workflows', () => {
	const state = loadState();
	const n8n = suiteN8n(state);
	const folder = join(state.filesFolder, 'gemini-image');

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		await writeSamplePhoto(join(folder, 'photo.png'));
		await n8n.importWorkflows(loadExampleWorkflows(state.credential, state.filesFolder));
	});

	it('schedule -> generate -> disk: "Run now" writes a dated 16:9 PNG', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgSchedule01');
		expect(run.status).toBe('success');
		const [saved] = nodeOutput(run, 'Save to disk');
		expect(saved.json.fileName).toMatch(
			/\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_a-cozy-reading-nook.*\.png$/,
		);
		const written = listFiles(folder).filter((name) => name.includes('cozy-reading-nook'));
		expect(written).toHaveLength(1);
		expect(readImageFile(join(folder, written[0]))).toMatchObject({
			type: 'png',
			width: 1376,
			height: 768,
		});
	});

	it('edit a picture from disk: writes the edited picture beside it', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgEditFile01');
		expect(run.status).toBe('success');
		const [edited] = nodeOutput(run, 'Edit image');
		expect(edited.json).toMatchObject({ mimeType: 'image/png' });
		const written = listFiles(folder).filter((name) => name.startsWith('edited-'));
		expect(written).toHaveLength(1);
		// No aspect ratio asked: the output follows the input's shape (640x400 is nearest 3:2).
		expect(readImageFile(join(folder, written[0]))).toMatchObject({
			type: 'png',
			width: 1264,
			height: 848,
		});
	});
});
