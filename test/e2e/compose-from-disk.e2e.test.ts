import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RecordedRequest } from '../simulator';
import { createTestPng } from '../simulator';
import {
	geminiImage,
	manualTrigger,
	mergeByPosition,
	readFromDisk,
	workflow,
	writeToFile,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { contentsOf, omittedData, requestsWithPrompt } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PROMPT = 'Put Anna (image 2) on the sofa of the living room (image 1), reading a book';

/**
 * Two pictures read from disk by two Read/Write Files from Disk nodes, each into its own binary
 * property, combined into one item by a Merge node, composed with named references (role and
 * label each) and written back to disk under a name made from both inputs.
 */
describe('compose two pictures from disk', () => {
	const state = loadState();
	const inFolder = join(state.filesFolder, 'compose', 'in');
	const outFolder = join(state.filesFolder, 'compose', 'out');
	let room: Buffer;
	let anna: Buffer;
	let result: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(inFolder, { recursive: true });
		mkdirSync(outFolder, { recursive: true });
		// 1280x800 is nearest 3:2, which the result follows; Anna is a 3:4 portrait.
		room = await createTestPng(1280, 800, 'living room');
		anna = await createTestPng(600, 800, 'anna');
		writeFileSync(join(inFolder, 'room.png'), room);
		writeFileSync(join(inFolder, 'anna.png'), anna);

		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow(
				'e2eComposeFromDisk1',
				'e2e: two files -> merge -> compose -> file',
				[
					manualTrigger(),
					readFromDisk('Read room', join(inFolder, 'room.png'), 'room'),
					mergeByPosition('Merge'),
					geminiImage('Compose', state.credential, {
						operation: 'compose',
						model: 'gemini-3-pro-image',
						prompt: PROMPT,
						referenceSource: 'namedProperties',
						references: {
							reference: [
								{ binaryProperty: 'room', role: 'object', label: 'living room' },
								{ binaryProperty: 'anna', role: 'character', label: 'Anna' },
							],
						},
					}),
					// The name comes from both inputs, through the items the result is paired with.
					writeToFile(
						'Write file',
						`=${outFolder}/{{ $('Read room').item.json.fileName.split('.')[0] }}` +
							`-with-{{ $('Read person').item.json.fileName.split('.')[0] }}.{{ $json.fileName.split('.').pop() }}`,
					),
				],
				{
					extraNodes: [readFromDisk('Read person', join(inFolder, 'anna.png'), 'anna')],
					links: [
						{ from: 'Run', to: 'Read person' },
						{ from: 'Read person', to: 'Merge', input: 1 },
					],
				},
			),
		]);
		result = await executeWorkflow(n8n, 'e2eComposeFromDisk1');
	});

	it('succeeds', () => {
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
	});

	it('sent one request holding both pictures, each introduced with its role and label', async () => {
		const requests: RecordedRequest[] = await requestsWithPrompt(state, PROMPT);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
		expect(request.status).toBe(200);
		expect(contentsOf(request)).toEqual([
			{
				role: 'user',
				parts: [
					{ text: PROMPT },
					{ text: 'Image 1 (object: living room):' },
					{ inlineData: { mimeType: 'image/png', data: omittedData(room.length) } },
					{ text: 'Image 2 (character: Anna):' },
					{ inlineData: { mimeType: 'image/png', data: omittedData(anna.length) } },
				],
			},
		]);
	});

	it('outputs one image, paired with the merged item and so with both pictures', () => {
		const [merged, ...moreMerged] = nodeOutput(result.run, 'Merge');
		expect(moreMerged).toHaveLength(0);
		expect(Object.keys(merged.binary ?? {}).sort()).toEqual(['anna', 'room']);

		const [composed, ...more] = nodeOutput(result.run, 'Compose');
		expect(more).toHaveLength(0);
		expect(composed.pairedItem).toEqual({ item: 0 });
		expect(composed.json).toMatchObject({
			model: 'gemini-3-pro-image',
			prompt: PROMPT,
			mimeType: 'image/jpeg',
			width: 1264,
			height: 848,
		});
		// The references travel on with the result, for a Refine to resend.
		expect(Object.keys(composed.binary ?? {}).sort()).toEqual([
			'conversation',
			'data',
			'turn1_part3',
			'turn1_part5',
		]);

		// n8n found both input files from the result: the name is made of theirs.
		const [written] = nodeOutput(result.run, 'Write file');
		expect(written.json.fileName).toBe(join(outFolder, 'room-with-anna.jpg'));
	});

	it('writes a valid 1264x848 JPEG (the shape of the first reference)', () => {
		expect(listFiles(outFolder)).toEqual(['room-with-anna.jpg']);
		const image = readImageFile(join(outFolder, 'room-with-anna.jpg'));
		expect(image).toMatchObject({ type: 'jpg', width: 1264, height: 848 });
		expect(image.bytes).toBe(nodeOutput(result.run, 'Compose')[0].json.fileSize);
	});
});
