import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
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
import { contentsOf, omittedData, requestsWithPrompt } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PRO = 'gemini-3-pro-image';
const PROMPTS = [
	'A cottage in a snowy forest, storybook illustration',
	'Add warm light in the windows',
	'Add a fox in the snow in front of the cottage',
];

/**
 * What a user writes in a Code node to save an item's images: one item per binary property, each
 * to be written as `<property>.<extension>`.
 */
const ONE_FILE_PER_IMAGE = `return $input.all().flatMap((item) =>
	Object.entries(item.binary ?? {}).map(([property, file]) => ({
		json: { fileName: property + '.' + file.fileExtension },
		binary: { data: file },
	})),
);`;

/**
 * And to restore it: the saved JSON, each image back under the binary property named by its file.
 */
const RESTORE_THE_ITEM = `const saved = $('Parse saved item').first().json.saved;
const binary = {};
for (const file of $input.all()) {
	binary[file.json.fileName.replace(/\\.[^.]+$/, '')] = file.binary.data;
}
return [{ json: saved, binary }];`;

interface StoredConversation {
	model: string;
	turns: Array<{ role: string; parts: Array<{ image?: { binaryProperty: string } }> }>;
}

/** What the item JSON holds of it: the turns are in the `conversation` binary property. */
interface ConversationReference {
	version: number;
	model: string;
	binaryProperty: string;
	turns: number;
}

/**
 * A conversation kept on disk between two executions. Workflow A generates and refines once,
 * then saves the item as n8n users do with stock nodes: its JSON through Convert to File, its
 * images one file each (binary property names are not something a stock node can turn into
 * items, hence a short Code node). Workflow B, run as a separate `n8n execute`, reads them back
 * (Read/Write Files from Disk, Extract from File, a Code node to put the images back under their
 * property names) and refines again: the signatures saved in the JSON still validate.
 */
describe('a conversation saved to disk and resumed in another execution', () => {
	const state = loadState();
	const savedFolder = join(state.filesFolder, 'resume', 'saved');
	const outFolder = join(state.filesFolder, 'resume', 'out');
	let save: WorkflowRun;
	let resume: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(savedFolder, { recursive: true });
		mkdirSync(outFolder, { recursive: true });
		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow(
				'e2eConversationSave',
				'e2e: generate -> refine -> save the item to disk',
				[
					manualTrigger(),
					geminiImage('Generate', state.credential, { model: PRO, prompt: PROMPTS[0] }),
					geminiRefine('Refine', state.credential, { prompt: PROMPTS[1] }),
					jsonToFile('Item to JSON file', 'item.json'),
					writeToFile('Save item JSON', `=${savedFolder}/item.json`),
				],
				{
					extraNodes: [
						code('One file per image', ONE_FILE_PER_IMAGE),
						writeToFolder('Save images', savedFolder),
					],
					links: [
						{ from: 'Refine', to: 'One file per image' },
						{ from: 'One file per image', to: 'Save images' },
					],
				},
			),
			workflow('e2eConversationResume', 'e2e: read the saved item -> refine -> file', [
				manualTrigger(),
				readFromDisk('Read saved item', `${savedFolder}/item.json`),
				jsonFromFile('Parse saved item', 'saved'),
				// The images and the conversation's turns: every binary property the item had.
				readFromDisk('Read saved images', `${savedFolder}/{conversation.json,*.jpg}`),
				code('Restore the item', RESTORE_THE_ITEM),
				geminiRefine('Refine again', state.credential, { prompt: PROMPTS[2] }),
				writeToFolder('Write file', outFolder),
			]),
		]);
		save = await executeWorkflow(n8n, 'e2eConversationSave');
		resume = await executeWorkflow(n8n, 'e2eConversationResume');
	});

	it('both executions succeed', () => {
		expect(save.run.status).toBe('success');
		expect(resume.run.status).toBe('success');
	});

	it('saves the item JSON, the turns file and one JPEG per image of the conversation', () => {
		expect(listFiles(savedFolder)).toEqual([
			'conversation.json',
			'data.jpg',
			'item.json',
			'turn2_part2.jpg',
		]);
		const saved = JSON.parse(readFileSync(join(savedFolder, 'item.json'), 'utf8')) as {
			conversation: ConversationReference;
		};
		const [refined] = nodeOutput(save.run, 'Refine');
		expect(saved).toEqual(refined.json);
		expect(saved.conversation).toEqual({
			version: 2,
			model: PRO,
			binaryProperty: 'conversation',
			turns: 4,
		});
		// The item JSON stays small; the signatures (live-sized) are in the turns file.
		expect(readFileSync(join(savedFolder, 'item.json')).length).toBeLessThan(10 * 1024);
		const turns = JSON.parse(
			readFileSync(join(savedFolder, 'conversation.json'), 'utf8'),
		) as StoredConversation;
		expect(turns.turns).toHaveLength(4);
		for (const name of ['data.jpg', 'turn2_part2.jpg']) {
			expect(readImageFile(join(savedFolder, name))).toMatchObject({
				type: 'jpg',
				width: 1024,
				height: 1024,
			});
		}
	});

	it('resumes with the whole saved history, and Google accepts its signatures', async () => {
		const [request, ...more] = await requestsWithPrompt(state, PROMPTS[2]);
		expect(more).toHaveLength(0);
		expect(request.path).toBe(`/v1beta/models/${PRO}:generateContent`);
		expect(request.status).toBe(200);
		const contents = contentsOf(request);
		expect(contents.map((content) => content.role)).toEqual([
			'user',
			'model',
			'user',
			'model',
			'user',
		]);
		// The images sent are the files read back.
		const sentImages = contents.flatMap((content) =>
			content.parts.flatMap((part) => (part.inlineData ? [part.inlineData.data] : [])),
		);
		expect(sentImages).toEqual(
			['turn2_part2.jpg', 'data.jpg'].map((name) =>
				omittedData(readFileSync(join(savedFolder, name)).length),
			),
		);
		// The request continues exactly the one workflow A's Refine sent.
		const [previous] = await requestsWithPrompt(state, PROMPTS[1]);
		expect(contents.slice(0, 3)).toEqual(contentsOf(previous));
	});

	it('outputs the longer conversation and writes the new picture', () => {
		const [item, ...rest] = nodeOutput(resume.run, 'Refine again');
		expect(rest).toHaveLength(0);
		expect(item.json.conversation).toMatchObject({ model: PRO, turns: 6 });
		expect(Object.keys(item.binary ?? {}).sort()).toEqual([
			'conversation',
			'data',
			'turn2_part2',
			'turn4_part2',
		]);
		const files = listFiles(outFolder);
		expect(files).toEqual([String(item.json.fileName)]);
		const image = readImageFile(join(outFolder, files[0]));
		expect(image).toMatchObject({ type: 'jpg', width: 1024, height: 1024 });
		expect(image.bytes).toBe(item.json.fileSize);
	});
});
