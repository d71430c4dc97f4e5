import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RecordedRequest } from '../simulator';
import {
	INTERACTIONS_VERSION,
	code,
	geminiImage,
	geminiRefine,
	jsonFromFile,
	jsonToFile,
	manualTrigger,
	readFromDisk,
	workflow,
	writeToFile,
	writeToFolder,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PRO = 'gemini-3-pro-image';
const PROMPTS = [
	'A lighthouse on a cliff, gouache, for a three-execution chain',
	'Add a red boat in the bay',
	'Make it a stormy night',
];

/** What a user keeps between executions: the ID alone, in a small JSON file. */
const KEEP_THE_ID = `return [{ json: { interactionId: $input.first().json.interactionId } }];`;

/** The image on its own item, written under a name per step. */
const IMAGE_FILE = (step: number) => `const file = $input.first().binary.data;
return [{ json: { fileName: 'step${step}.' + file.fileExtension }, binary: { data: file } }];`;

/**
 * A conversation kept at Google (Interactions API, a new node's default), continued by ID in
 * later executions: execution 1 generates and saves only the interaction ID to a file; each of
 * executions 2 and 3 reads the ID, refines, and saves the new ID over it. No image or history
 * travels between executions, and each step sends only its instruction.
 */
describe('a conversation continued by its ID over three executions', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'interactions');
	const idFile = join(folder, 'last-interaction.json');
	const runs: WorkflowRun[] = [];
	let creates: RecordedRequest[];

	const saveId = (step: number) => ({
		extraNodes: [code('Image file', IMAGE_FILE(step)), writeToFolder('Write image', folder)],
		links: [
			{ from: step === 1 ? 'Generate' : 'Refine', to: 'Image file' },
			{ from: 'Image file', to: 'Write image' },
		],
	});
	const chainNodes = [
		code('Keep only the ID', KEEP_THE_ID),
		jsonToFile('ID to file', 'last-interaction.json'),
		writeToFile('Save the ID', `=${idFile}`),
	];
	const refineStep = (step: number) =>
		workflow(
			`e2eInteractions${step}`,
			`e2e: read the saved interaction ID -> refine -> save the new ID (${step})`,
			[
				manualTrigger(),
				readFromDisk('Read the ID', idFile),
				jsonFromFile('Parse the ID', 'saved'),
				geminiRefine('Refine', state.credential, {
					prompt: PROMPTS[step - 1],
					interactionId: '={{ $json.saved.interactionId }}',
					typeVersion: INTERACTIONS_VERSION,
				}),
				...chainNodes,
			],
			saveId(step),
		);

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow(
				'e2eInteractions1',
				'e2e: generate -> save only the interaction ID',
				[
					manualTrigger(),
					geminiImage('Generate', state.credential, {
						model: PRO,
						prompt: PROMPTS[0],
						typeVersion: INTERACTIONS_VERSION,
					}),
					...chainNodes,
				],
				saveId(1),
			),
			refineStep(2),
			refineStep(3),
		]);
		for (const step of [1, 2, 3]) runs.push(await executeWorkflow(n8n, `e2eInteractions${step}`));
		const texts = new Set(PROMPTS);
		creates = (await simulatorRequests(state)).filter(
			(request) =>
				request.method === 'POST' &&
				request.path === '/v1beta/interactions' &&
				texts.has(
					((request.body as { input?: Array<{ text?: string }> }).input ?? [])[0]?.text ?? '',
				),
		);
	});

	it('all three executions succeed', () => {
		expect(runs.map((run) => run.run.status)).toEqual(['success', 'success', 'success']);
	});

	it('each step continues the one before by its ID, sending only its instruction', () => {
		const ids = runs.map((run, index) => {
			const [item] = nodeOutput(run.run, index === 0 ? 'Generate' : 'Refine');
			return item.json.interactionId as string;
		});
		expect(new Set(ids).size).toBe(3);
		expect(creates.map((request) => request.body)).toEqual([
			expect.objectContaining({ model: PRO, input: [{ type: 'text', text: PROMPTS[0] }] }),
			expect.objectContaining({
				previous_interaction_id: ids[0],
				input: [{ type: 'text', text: PROMPTS[1] }],
			}),
			expect.objectContaining({
				previous_interaction_id: ids[1],
				input: [{ type: 'text', text: PROMPTS[2] }],
			}),
		]);
		for (const request of creates) expect(request.bodyBytes).toBeLessThan(1024);
		const [, last] = nodeOutput(runs[2].run, 'Refine').map((item) => item.json.conversation);
		expect(last).toBeUndefined();
		// Given the ID alone, a Refine knows the chain from that ID on (Delete Conversation walks
		// back the rest).
		expect(nodeOutput(runs[2].run, 'Refine')[0].json.conversation).toMatchObject({
			api: 'interactions',
			interactionIds: ids.slice(1),
		});
		// For the record: the bytes each step sent.
		console.log(
			`interactions chain: ${creates.map((r, i) => `step ${i + 1} ${ids[i]} sent ${r.bodyBytes} bytes`).join('; ')}`,
		);
	});

	it('keeps only the last ID on disk, and one image per step', () => {
		const saved = JSON.parse(readFileSync(idFile, 'utf8')) as Record<string, unknown>;
		expect(saved).toEqual({
			interactionId: nodeOutput(runs[2].run, 'Refine')[0].json.interactionId,
		});
		expect(listFiles(folder)).toEqual([
			'last-interaction.json',
			'step1.jpg',
			'step2.jpg',
			'step3.jpg',
		]);
		for (const step of [1, 2, 3]) {
			expect(readImageFile(join(folder, `step${step}.jpg`))).toMatchObject({
				type: 'jpg',
				width: 1024,
			});
		}
	});
});
