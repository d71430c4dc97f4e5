import type { INodeExecutionData } from 'n8n-workflow';

import type { PostgresClient } from '../../scripts/queue/services';
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
import { simulatorRequests } from './support/simulator';
import { loadState, ownerSession, recordResult, secondsSince } from './support/state';
import { INTERACT_REFINE, INTERACT_START, REFINE_MODEL } from './support/workflows';

const PROMPT = 'A windmill in a tulip field, kept at Google, refined on any worker';
const REFINES = ['Make it sunset', 'Add a cyclist', 'Make it winter', 'Add a kite'];

/**
 * A conversation kept at Google (a new node's Interactions API) is an ID: a Refine in another
 * execution needs nothing the first worker had. One execution generates; four Refine executions
 * of its ID, called at once, spread over both workers (each runs two at a time), so some run on
 * a worker that never saw the conversation.
 */
describe('a conversation kept at Google, refined on other workers', () => {
	const state = loadState();
	let db: PostgresClient;
	let start: ExecutionRow;
	let refines: ExecutionRow[];
	let generated: INodeExecutionData;
	let refined: INodeExecutionData[];
	let creates: RecordedRequest[];
	const startedAt = Date.now();

	beforeAll(async () => {
		db = database(state);
		const session = await ownerSession(state);
		await activateWorkflow(session, db, INTERACT_START.id);
		await activateWorkflow(session, db, INTERACT_REFINE.id);
		const before = await lastExecutionId(db);
		await callWebhook(state, INTERACT_START.path, { prompt: PROMPT });
		[start] = await waitForExecutions(
			db,
			INTERACT_START.id,
			(rows) => rows.length === 1 && isTerminal(rows[0]),
			120_000,
			before,
		);
		[generated] = nodeItems(await runDataOf(db, start.id), 'Generate');
		const interactionId = generated.json.interactionId as string;

		const afterStart = await lastExecutionId(db);
		await Promise.all(
			REFINES.map((prompt) => callWebhook(state, INTERACT_REFINE.path, { interactionId, prompt })),
		);
		refines = await waitForExecutions(
			db,
			INTERACT_REFINE.id,
			(rows) => rows.length === REFINES.length && rows.every(isTerminal),
			180_000,
			afterStart,
		);
		refined = await Promise.all(
			refines.map(async (row) => nodeItems(await runDataOf(db, row.id), 'Refine')[0]),
		);
		const texts = new Set([PROMPT, ...REFINES]);
		creates = (await simulatorRequests(state.simulator.baseUrl)).filter(
			(request) =>
				request.method === 'POST' &&
				request.path === '/v1beta/interactions' &&
				texts.has(
					((request.body as { input?: Array<{ text?: string }> }).input ?? [])[0]?.text ?? '',
				),
		);
	});

	afterAll(() => {
		const workers = workersByExecution(state);
		recordResult(state, {
			case: 'interactions: refine by ID on other workers',
			seconds: secondsSince(startedAt),
			generatedOn: start ? workers.get(start.id) : undefined,
			refinedOn: refines?.map((row) => workers.get(row.id)?.[0]),
			bytesPerRefine: creates
				?.filter((r) => (r.body as { previous_interaction_id?: string }).previous_interaction_id)
				.map((r) => r.bodyBytes),
		});
	});

	it('every execution succeeds on a worker, and Refines run on both workers', () => {
		expect([start, ...refines].map((row) => row.status)).toEqual(
			Array(1 + REFINES.length).fill('success'),
		);
		const workers = workersByExecution(state);
		for (const row of [start, ...refines]) expect(workers.get(row.id)).toHaveLength(1);
		const refinedOn = new Set(refines.map((row) => workers.get(row.id)?.[0]));
		expect(refinedOn.size).toBe(2);
		// So at least one Refine ran on the worker that did not generate.
		expect([...refinedOn].some((worker) => worker !== workers.get(start.id)?.[0])).toBe(true);
	});

	it('each Refine sends only the ID and its instruction, and answers its own conversation', () => {
		const id = generated.json.interactionId as string;
		const continued = creates.filter(
			(request) =>
				(request.body as { previous_interaction_id?: string }).previous_interaction_id === id,
		);
		expect(continued).toHaveLength(REFINES.length);
		for (const request of continued) {
			expect(request.status).toBe(200);
			expect(request.bodyBytes).toBeLessThan(1024);
			expect(request.body).toMatchObject({ model: REFINE_MODEL, store: true });
		}
		for (const item of refined) {
			expect(item.json.conversation).toMatchObject({
				api: 'interactions',
				interactionIds: [id, item.json.interactionId],
			});
			expect(item.binary?.data?.id).toMatch(/^database:/);
			// No conversation file, no earlier images: Google has them.
			expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		}
	});
});
