import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RecordedRequest } from '../simulator';
import {
	geminiImage,
	geminiRefine,
	manualTrigger,
	workflow,
	writeToFolder,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { contentsOf, requestsWithPrompt } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PRO = 'gemini-3-pro-image';
const PROMPTS = [
	'A lighthouse on a cliff at dusk, oil painting',
	'Make it night, with a full moon',
	'Add a small red boat in the bay',
];
const STEPS = ['Generate', 'Refine 1', 'Refine 2'];

/**
 * Generate on Nano Banana Pro, then Refine, then Refine again, each followed by a Write to disk
 * (which passes the item on, binaries included), so every turn's picture is saved. Gemini 3
 * checks the thought signatures of the earlier model turns: the simulator answers 400 if one was
 * lost or changed on the way through n8n.
 */
describe('generate, refine, refine: one file per step', () => {
	const state = loadState();
	const folder = join(state.filesFolder, 'refine-chain');
	let result: WorkflowRun;
	let requests: RecordedRequest[];

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		const n8n = suiteN8n(state);
		const options = { aspectRatio: '16:9' };
		await n8n.importWorkflows([
			workflow('e2eRefineChain0001', 'e2e: generate -> refine -> refine, a file each', [
				manualTrigger(),
				geminiImage(STEPS[0], state.credential, { model: PRO, prompt: PROMPTS[0], options }),
				writeToFolder('Write 1', folder),
				geminiRefine(STEPS[1], state.credential, { prompt: PROMPTS[1], options }),
				writeToFolder('Write 2', folder),
				geminiRefine(STEPS[2], state.credential, { prompt: PROMPTS[2], options }),
				writeToFolder('Write 3', folder),
			]),
		]);
		result = await executeWorkflow(n8n, 'e2eRefineChain0001');
		requests = (
			await Promise.all(PROMPTS.map((prompt) => requestsWithPrompt(state, prompt)))
		).flat();
	});

	it('succeeds', () => {
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
	});

	it('sends one request per step to the model of the conversation, growing by two turns', () => {
		expect(requests.map((request) => request.path)).toEqual(
			Array(3).fill(`/v1beta/models/${PRO}:generateContent`),
		);
		expect(requests.map((request) => contentsOf(request).length)).toEqual([1, 3, 5]);
		expect(requests.map((request) => contentsOf(request).map((c) => c.role))).toEqual([
			['user'],
			['user', 'model', 'user'],
			['user', 'model', 'user', 'model', 'user'],
		]);
	});

	it('resends every model part with its thought signature, and Google accepts them', () => {
		// 400 "Image part is missing a thought_signature" or "Corrupted thought signature." else.
		expect(requests.map((request) => request.status)).toEqual([200, 200, 200]);
		const last = contentsOf(requests[2]);
		for (const turn of [last[1], last[3]]) {
			expect(turn.parts.length).toBeGreaterThan(0);
			for (const part of turn.parts) expect(part.thoughtSignature).toEqual(expect.any(String));
		}
		// The first answer is sent again exactly as the second request sent it.
		expect(last[1]).toEqual(contentsOf(requests[1])[1]);
	});

	it('outputs the longer conversation at each step; the last one has 6 turns', () => {
		const items = STEPS.map((step) => nodeOutput(result.run, step));
		for (const stepItems of items) expect(stepItems).toHaveLength(1);
		// The item JSON holds a reference; the turns, live-sized signatures and all, are a file.
		expect(items.map(([item]) => item.json.conversation)).toEqual(
			[2, 4, 6].map((turns) => ({ version: 2, model: PRO, binaryProperty: 'conversation', turns })),
		);
		for (const [item] of items) {
			expect(Buffer.byteLength(JSON.stringify(item.json))).toBeLessThan(10 * 1024);
		}
		const last = items[2][0];
		const sentUserTurns = contentsOf(requests[2]).filter((turn) => turn.role === 'user');
		expect(sentUserTurns.map((turn) => turn.parts.find((part) => part.text)?.text)).toEqual(
			PROMPTS,
		);
		expect(Object.keys(last.binary ?? {}).sort()).toEqual([
			'conversation',
			'data',
			'turn2_part2',
			'turn4_part2',
		]);
		expect(last.json).toMatchObject({ model: PRO, prompt: PROMPTS[2], width: 1376, height: 768 });
		expect(last.pairedItem).toEqual({ item: 0 });
	});

	it('writes three distinct valid 1376x768 JPEGs, one per step', () => {
		const written = ['Write 1', 'Write 2', 'Write 3'].map(
			(name) => nodeOutput(result.run, name)[0].json.fileName as string,
		);
		expect(listFiles(folder)).toEqual(written.map((path) => path.slice(folder.length + 1)).sort());
		const hashes = written.map((path) => {
			expect(readImageFile(path)).toMatchObject({ type: 'jpg', width: 1376, height: 768 });
			return createHash('sha256').update(readFileSync(path)).digest('hex');
		});
		expect(new Set(hashes).size).toBe(3);
		// Each file is the image its step made.
		for (const [index, step] of STEPS.entries()) {
			expect(readImageFile(written[index]).bytes).toBe(
				nodeOutput(result.run, step)[0].json.fileSize,
			);
		}
	});
});
