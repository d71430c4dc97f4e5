import type { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { geminiImage, manualTrigger, workflow } from '../support/workflows';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { loadState, suiteN8n } from './support/state';

/**
 * Today's models in a real n8n, against a simulator serving what Google serves now: a node
 * added fresh (no model touched) makes its image on Nano Banana 2.1; a version-1 node saved
 * with its untouched default (Nano Banana 2, deprecated by Google with no shutdown date) still
 * makes one; a node on a shut-down id (Nano Banana) says so, with Google's date, and names the
 * successor.
 */
describe("today's models in a real n8n", () => {
	const state = loadState();
	let n8n: N8nInstance;
	let fresh: WorkflowRun;
	let saved: WorkflowRun;
	let shutDown: WorkflowRun;

	beforeAll(async () => {
		n8n = suiteN8n(state);
		const nodes = (
			typeVersion: number,
			onError?: 'continueRegularOutput',
			model: string | null = null,
		) => [
			manualTrigger('Run now'),
			geminiImage(
				'Generate',
				state.credential,
				{ model, typeVersion, prompt: 'A red kite over the dunes' },
				onError,
			),
		];
		await n8n.importWorkflows([
			workflow('e2eModelsFresh01', 'e2e: a fresh node', nodes(1.1)),
			workflow('e2eModelsSaved01', 'e2e: a version-1 node', nodes(1, 'continueRegularOutput')),
			workflow(
				'e2eModelsGone001',
				'e2e: a node on a shut-down id',
				nodes(1.1, 'continueRegularOutput', 'gemini-2.5-flash-image'),
			),
		]);
		fresh = await executeWorkflow(n8n, 'e2eModelsFresh01');
		saved = await executeWorkflow(n8n, 'e2eModelsSaved01');
		shutDown = await executeWorkflow(n8n, 'e2eModelsGone001');
	});

	it('a fresh node generates on Nano Banana 2.1', () => {
		expect(fresh.run.status).toBe('success');
		const items = nodeOutput(fresh.run, 'Generate');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			model: 'gemini-nano-banana-2.1',
			finishReason: 'STOP',
			width: 1024,
			height: 1024,
			estimatedCostUsd: 0.0336,
		});
	});

	it('a saved version-1 node on the deprecated id still generates while Google serves it', () => {
		expect(saved.run.status).toBe('success');
		const items = nodeOutput(saved.run, 'Generate');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json.model).toBe('gemini-3.1-flash-image');
	});

	it('a node on a shut-down id gives the date Google gave and names the successor', () => {
		const items = nodeOutput(shutDown.run, 'Generate');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatchObject({
			message:
				'Gemini API error for item 0: gemini-2.5-flash-image was shut down by Google on 2026-10-02; choose Nano Banana 2.1 (gemini-nano-banana-2.1) [404 NOT_FOUND]',
			description: expect.stringMatching(
				/^Parameter "Model": choose Nano Banana 2\.1 \(gemini-nano-banana-2\.1\) from the list, or type gemini-nano-banana-2\.1\. Google answered: "models\/gemini-2\.5-flash-image is not found/,
			),
			reason: 'NOT_FOUND',
			httpStatus: 404,
		});
	});
});
