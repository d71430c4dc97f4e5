import type { INode, IPollFunctions } from 'n8n-workflow';

import { GeminiImageTrigger } from '../../nodes/GeminiImageTrigger/GeminiImageTrigger.node';
import type { Simulator } from '../simulator';
import { useSimulator } from './setup';

/**
 * The Gemini Image Trigger's poll against the simulator's Batch API, with n8n's poll context
 * reduced to what the trigger reads: its parameter, credential, mode and static data.
 */
const simulator = useSimulator({ batchPendingMs: 50, batchRunMs: 50, signatureBytes: 0 });
const MODEL = 'gemini-nano-banana-2.1';

const NODE: INode = {
	id: 'trigger',
	name: 'Gemini Image Trigger',
	type: 'n8n-nodes-gemini-image.geminiImageTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function pollContext(
	sim: Simulator,
	memory: Record<string, unknown>,
	{ mode = 'trigger', filter = '', apiKey = sim.apiKey } = {},
): IPollFunctions {
	return {
		getNode: () => NODE,
		getMode: () => mode,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name === 'displayNameFilter' ? filter : fallback,
		getCredentials: async () => ({ apiKey, baseUrl: sim.url, apiVersion: 'v1beta' }),
		getWorkflowStaticData: () => memory,
	} as unknown as IPollFunctions;
}

async function submit(sim: Simulator, displayName: string): Promise<string> {
	const response = await fetch(`${sim.url}/v1beta/models/${MODEL}:batchGenerateContent`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-goog-api-key': sim.apiKey },
		body: JSON.stringify({
			batch: {
				displayName,
				inputConfig: {
					requests: {
						requests: [{ request: { contents: [{ role: 'user', parts: [{ text: 'a kite' }] }] } }],
					},
				},
			},
		}),
	});
	return ((await response.json()) as { name: string }).name;
}

async function forceState(sim: Simulator, name: string, state: string): Promise<void> {
	const response = await fetch(`${sim.url}/__simulator/${name}/state`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ state }),
	});
	expect(response.status).toBe(200);
}

const poll = (context: IPollFunctions) => new GeminiImageTrigger().poll.call(context);
const names = (result: Awaited<ReturnType<typeof poll>>) =>
	(result?.[0] ?? []).map((item) => item.json.name);

describe('Gemini Image Trigger: Batch Job Finished', () => {
	it('remembers jobs finished before activation, then reports each newly finished job once', async () => {
		const sim = simulator();
		const old = await submit(sim, 'Nightly old');
		await forceState(sim, old, 'SUCCEEDED');
		const memory: Record<string, unknown> = {};

		expect(await poll(pollContext(sim, memory))).toBeNull();
		const done = await submit(sim, 'Nightly 1');
		const failed = await submit(sim, 'Nightly 2');
		const running = await submit(sim, 'Nightly 3');
		await forceState(sim, done, 'SUCCEEDED');
		await forceState(sim, failed, 'FAILED');
		await forceState(sim, running, 'RUNNING');

		const first = await poll(pollContext(sim, memory));
		expect(names(first).sort()).toEqual([done, failed].sort());
		expect(first?.[0][0].json).toMatchObject({ event: 'batchJobFinished', model: MODEL });
		expect(await poll(pollContext(sim, memory))).toBeNull();

		// Ends while nobody polls (n8n down): reported at the next poll.
		await forceState(sim, running, 'CANCELLED');
		const next = await poll(pollContext(sim, { ...memory }));
		expect(names(next)).toEqual([running]);
		expect(next?.[0][0].json.state).toBe('cancelled');
	});

	it('reports only jobs whose display name contains the filter', async () => {
		const sim = simulator();
		const memory: Record<string, unknown> = {};
		expect(await poll(pollContext(sim, memory, { filter: 'catalogue' }))).toBeNull();
		const wanted = await submit(sim, 'Nightly Catalogue');
		const other = await submit(sim, 'Ad hoc');
		await forceState(sim, wanted, 'EXPIRED');
		await forceState(sim, other, 'SUCCEEDED');
		expect(names(await poll(pollContext(sim, memory, { filter: 'catalogue' })))).toEqual([wanted]);
	});

	it('in manual mode (Fetch Test Event) emits the newest finished job, memory untouched', async () => {
		const sim = simulator();
		const first = await submit(sim, 'One');
		await forceState(sim, first, 'SUCCEEDED');
		const second = await submit(sim, 'Two');
		await forceState(sim, second, 'FAILED');
		const memory: Record<string, unknown> = {};
		expect(names(await poll(pollContext(sim, memory, { mode: 'manual' })))).toEqual([second]);
		expect(memory).toEqual({});
	});

	it('fails with the reason when the credential cannot list batch jobs, without the key', async () => {
		const sim = simulator();
		const error = await poll(pollContext(sim, {}, { apiKey: 'AIza-wrong-key' })).catch(
			(caught: Error) => caught,
		);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^Could not list batch jobs: .*API key not valid/);
		expect(JSON.stringify(error)).not.toContain('AIza-wrong-key');
	});
});
