import { join } from 'node:path';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import type { PostgresClient } from '../../scripts/queue/services';
import { listFiles, readImageFile } from '../e2e/support/files';
import type { RecordedRequest } from '../simulator';
import { activateWorkflow, callWebhook } from './support/batches';
import {
	database,
	isTerminal,
	lastExecutionId,
	nodeItems,
	runDataOf,
	waitForExecutions,
	workersByExecution,
	type ExecutionRow,
} from './support/executions';
import { contentsOf, isGenerateContent, promptOf, simulatorRequests } from './support/simulator';
import { loadState, ownerSession, recordResult, secondsSince } from './support/state';
import { FOLDERS, REFINE, REFINE_MODEL, REFINE_STEPS } from './support/workflows';

const PROMPT = 'A harbour at dawn in watercolour, for refining on a worker';

interface StoredPart {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	image?: { binaryProperty: string; mimeType: string };
}

/** What the item JSON holds of its conversation; the turns are a binary property. */
interface ConversationReference {
	version: number;
	model: string;
	binaryProperty: string;
	turns: number;
}

function conversationOf(item: INodeExecutionData): ConversationReference {
	return item.json.conversation as unknown as ConversationReference;
}

function signatures(parts: Array<Record<string, unknown>> | StoredPart[]): string[] {
	return parts
		.map((part) => (part as { thoughtSignature?: unknown }).thoughtSignature)
		.filter((signature): signature is string => typeof signature === 'string');
}

/**
 * Generate -> Refine -> Refine in one execution on a worker, with Nano Banana Pro (which signs
 * its answers). Each Refine sends the whole history back, signatures included; the simulator
 * answers 400 when one is missing or altered.
 */
describe('a Refine chain on a worker', () => {
	const state = loadState();
	const folder = join(state.filesFolder, FOLDERS.refine);
	let db: PostgresClient;
	let execution: ExecutionRow;
	let items: Record<'Generate' | 'Refine 1' | 'Refine 2', INodeExecutionData>;
	let requests: RecordedRequest[];
	const startedAt = Date.now();

	beforeAll(async () => {
		db = database(state);
		await activateWorkflow(await ownerSession(state), db, REFINE.id);
		const after = await lastExecutionId(db);
		await callWebhook(state, REFINE.path, { prompt: PROMPT });
		[execution] = await waitForExecutions(
			db,
			REFINE.id,
			(rows) => rows.length === 1 && isTerminal(rows[0]),
			120_000,
			after,
		);
		const data = await runDataOf(db, execution.id);
		const only = (node: string) => {
			const output = nodeItems(data, node);
			expect(output).toHaveLength(1);
			return output[0];
		};
		items = {
			Generate: only('Generate'),
			'Refine 1': only('Refine 1'),
			'Refine 2': only('Refine 2'),
		};
		const prompts = [PROMPT, ...REFINE_STEPS];
		requests = (await simulatorRequests(state.simulator.baseUrl))
			.filter(isGenerateContent)
			.filter((request) => prompts.includes(promptOf(request)));
	});

	afterAll(() => {
		recordResult(state, {
			case: 'refine chain on a worker',
			seconds: secondsSince(startedAt),
			execution: execution?.id,
			turns: items ? conversationOf(items['Refine 2']).turns : undefined,
		});
	});

	it('succeeds on a worker', () => {
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(workersByExecution(state).get(execution.id)).toHaveLength(1);
	});

	it('grows the conversation to 2, 4 and 6 turns, turns and images kept as binary properties', () => {
		expect(Object.values(items).map(conversationOf)).toEqual(
			[2, 4, 6].map((turns) => ({
				version: 2,
				model: REFINE_MODEL,
				binaryProperty: 'conversation',
				turns,
			})),
		);
		const last = items['Refine 2'];
		// The item JSON stays small: the live-sized signatures are in the turns file.
		expect(Buffer.byteLength(JSON.stringify(last.json))).toBeLessThan(10 * 1024);
		const images = ['conversation', 'data', 'turn2_part2', 'turn4_part2'];
		expect(Object.keys(last.binary ?? {}).sort()).toEqual(images);
		for (const property of images) {
			const binary = last.binary?.[property] as IBinaryData | undefined;
			expect({ property, id: binary?.id }).toEqual({
				property,
				id: expect.stringMatching(/^database:/),
			});
		}
	});

	it('sends every signature back byte for byte: three requests, all answered 200', () => {
		expect(requests.map(promptOf)).toEqual([PROMPT, ...REFINE_STEPS]);
		expect(requests.map((request) => request.status)).toEqual([200, 200, 200]);
		const sent = contentsOf(requests[2]);
		expect(sent).toHaveLength(5);
		// The simulator checks every signature against the part it was issued for (400 else);
		// the model turns resent are those the second request resent, signatures unchanged.
		expect(sent[1]).toEqual(contentsOf(requests[1])[1]);
		for (const turn of [1, 3]) {
			const kept = signatures(sent[turn].parts ?? []);
			expect(kept.length).toBeGreaterThan(0);
			// Live-sized: hundreds of KB each on the image part.
			expect(Math.max(...kept.map((signature) => signature.length))).toBeGreaterThan(590_000);
		}
	});

	it('writes the last image to disk, a complete JPEG of the size the node reported', () => {
		const last = items['Refine 2'];
		const files = listFiles(folder).filter((name) => name.startsWith(`e${execution.id}-`));
		expect(files).toEqual([`e${execution.id}-${String(last.json.fileName)}`]);
		expect(readImageFile(join(folder, files[0]))).toMatchObject({
			type: 'jpg',
			width: last.json.width,
			height: last.json.height,
		});
	});
});
