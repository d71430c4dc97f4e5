/**
 * `npm run bench:refine`: bytes sent per Refine step over a Generate -> 5 x Refine chain in a
 * real n8n, at live sizes (live-sized JPEGs and thought signatures), on the two APIs:
 * generateContent (the conversation travels in the items and every step resends the history)
 * and Interactions (Google keeps it; a step sends its ID and its instruction). Prints each
 * step's request body, the totals and their ratio. Not a test: CI never runs it. Expects a
 * fresh build.
 */
import { say } from '../scripts/n8n/log';
import type { WorkflowNode } from '../scripts/n8n/n8n-instance';
import { startSimulator, type Simulator } from '../test/simulator';
import { geminiRefine, workflow } from '../test/support/workflows';
import { executeWorkflow, GEMINI_IMAGE_CREDENTIAL, prepareBenchN8n } from './n8n-bench';
import { geminiImageWorkflow } from './workflows';

const REFINE_STEPS = 5;
const MODEL = 'gemini-3-pro-image';
const APIS = [
	{
		label: 'generateContent',
		typeVersion: 1.1,
		path: (p: string) => p.endsWith(':generateContent'),
	},
	{ label: 'Interactions', typeVersion: 1.2, path: (p: string) => p === '/v1beta/interactions' },
] as const;

interface Step {
	node: string;
	requestBytes: number;
	status: number;
	nodeMs: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function measureChain(simulator: Simulator, api: (typeof APIS)[number]): Promise<Step[]> {
	const bench = await prepareBenchN8n(simulator);
	try {
		const names = [
			'Generate',
			...Array.from({ length: REFINE_STEPS }, (_, n) => `Refine ${n + 1}`),
		];
		const texts = [
			'A harbour at dawn, oil painting',
			...Array.from(
				{ length: REFINE_STEPS },
				(_, n) => `Change ${n + 1}: add boat number ${n + 1}`,
			),
		];
		const id = `benchRefineBytes${api.label}`;
		const generate = geminiImageWorkflow(id, [texts[0]], {
			model: MODEL,
			typeVersion: api.typeVersion,
		}).nodes;
		const refines: WorkflowNode[] = names.slice(1).map((name, index) =>
			geminiRefine(name, GEMINI_IMAGE_CREDENTIAL, {
				prompt: texts[index + 1],
				typeVersion: api.typeVersion,
			}),
		);
		simulator.reset();
		const result = await executeWorkflow(
			bench,
			workflow(id, `bench: generate -> ${REFINE_STEPS} refines (${api.label})`, [
				...generate,
				...refines,
			]),
		);
		if (result.run.status !== 'success') throw new Error(result.output.slice(-2000));
		const requests = simulator.requests.filter(
			(request) => request.method === 'POST' && api.path(request.path),
		);
		if (requests.length !== names.length) {
			throw new Error(`${api.label}: ${requests.length} requests for ${names.length} steps`);
		}
		return names.map((node, index) => ({
			node,
			requestBytes: requests[index].bodyBytes,
			status: requests[index].status,
			nodeMs: result.run.data.resultData.runData[node][0].executionTime,
		}));
	} finally {
		await bench.close();
	}
}

async function main(): Promise<void> {
	const simulator = await startSimulator();
	const chains: Step[][] = [];
	try {
		for (const api of APIS) {
			say(`bench:refine: Generate -> ${REFINE_STEPS} x Refine on ${api.label}, live sizes ...`);
			chains.push(await measureChain(simulator, api));
		}
	} finally {
		await simulator.close();
	}
	console.log('');
	console.log(`Bytes sent per step, Generate -> ${REFINE_STEPS} x Refine on ${MODEL}, live sizes`);
	console.log(`  ${'Step'.padEnd(9)} ${APIS.map((api) => api.label.padStart(16)).join(' ')}`);
	chains[0].forEach((step, index) => {
		const cells = chains.map(
			(chain) => `${kb(chain[index].requestBytes)} (${chain[index].status})`,
		);
		console.log(`  ${step.node.padEnd(9)} ${cells.map((cell) => cell.padStart(16)).join(' ')}`);
	});
	const totals = chains.map((chain) =>
		chain.slice(1).reduce((sum, step) => sum + step.requestBytes, 0),
	);
	console.log(
		`  Refines, total: ${APIS.map((api, i) => `${api.label} ${kb(totals[i])}`).join(', ')}; ` +
			`ratio ${(totals[0] / totals[1]).toFixed(0)}x`,
	);
	console.log(
		`  Node time, Refines: ${APIS.map((api, i) => `${api.label} ${(chains[i].slice(1).reduce((s, x) => s + x.nodeMs, 0) / 1000).toFixed(2)} s`).join(', ')}`,
	);
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
