/**
 * `npm run bench:sizes`: what live-sized answers cost in a real n8n. Against simulators that send
 * thought signatures of 40 bytes and of live size (448,000 bytes, 597,388 base64 characters, as
 * live Gemini 3 answers carry) and live-sized JPEGs:
 * - JSON per output item and the execution's run data for 100 Generate items (goal <= 10 KB an
 *   item either way);
 * - a Generate -> 5 x Refine chain at live sizes: the request body of each step, and its time;
 * - peak memory of 20 against 5 4K answers (goal <= 1.2x).
 * Prints the figures; not a test, CI never runs it. Expects a fresh build.
 */
import { say } from '../scripts/n8n/log';
import type { WorkflowNode } from '../scripts/n8n/n8n-instance';
import { startSimulator, type Simulator } from '../test/simulator';
import { geminiRefine, workflow } from '../test/support/workflows';
import { measureMemory } from './memory';
import { executeWorkflow, GEMINI_IMAGE_CREDENTIAL, prepareBenchN8n } from './n8n-bench';
import { geminiImageWorkflow, MEASURED_NODE, prompts } from './workflows';

const ITEMS = 100;
const REFINE_STEPS = 5;
const MODEL = 'gemini-nano-banana-2.1';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

interface JsonSizes {
	label: string;
	signatureChars: number;
	items: number;
	maxItemJsonBytes: number;
	meanItemJsonBytes: number;
	runDataBytes: number;
	nodeMs: number;
}

async function measureJsonSizes(label: string, signatureBytes?: number): Promise<JsonSizes> {
	const simulator = await startSimulator(signatureBytes === undefined ? {} : { signatureBytes });
	const bench = await prepareBenchN8n(simulator);
	try {
		const result = await executeWorkflow(
			bench,
			geminiImageWorkflow(`benchSizes${signatureBytes ?? 'Live'}`, prompts(ITEMS, label), {
				model: MODEL,
			}),
		);
		if (result.run.status !== 'success') throw new Error(`${label}: ${result.output.slice(-2000)}`);
		const task = result.run.data.resultData.runData[MEASURED_NODE][0];
		const items = task.data?.main?.[0] ?? [];
		const sizes = items.map((item) => Buffer.byteLength(JSON.stringify(item.json)));
		return {
			label,
			signatureChars:
				signatureBytes === undefined ? 597_388 : Math.ceil((signatureBytes + 40) / 3) * 4,
			items: items.length,
			maxItemJsonBytes: Math.max(...sizes),
			meanItemJsonBytes: sizes.reduce((sum, size) => sum + size, 0) / sizes.length,
			runDataBytes: Buffer.byteLength(JSON.stringify(result.run.data.resultData.runData)),
			nodeMs: task.executionTime,
		};
	} finally {
		await simulator.close();
		await bench.close();
	}
}

interface RefineStep {
	node: string;
	requestBytes: number;
	contents: number;
	status: number;
	nodeMs: number;
	itemJsonBytes: number;
}

async function measureRefineChain(simulator: Simulator): Promise<RefineStep[]> {
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
		const generate = geminiImageWorkflow('benchRefineChain', [texts[0]], { model: MODEL }).nodes;
		const refines: WorkflowNode[] = names
			.slice(1)
			.map((name, index) =>
				geminiRefine(name, GEMINI_IMAGE_CREDENTIAL, { prompt: texts[index + 1] }),
			);
		const chain = workflow('benchRefineChain', 'bench: generate -> 5 refines', [
			...generate,
			...refines,
		]);
		simulator.reset();
		const result = await executeWorkflow(bench, chain);
		if (result.run.status !== 'success') throw new Error(result.output.slice(-2000));
		const requests = simulator.requests.filter((request) =>
			request.path.endsWith(':generateContent'),
		);
		return names.map((node, index) => {
			const task = result.run.data.resultData.runData[node][0];
			const request = requests[index];
			return {
				node,
				requestBytes: request.bodyBytes,
				contents: ((request.body as { contents: unknown[] }).contents ?? []).length,
				status: request.status,
				nodeMs: task.executionTime,
				itemJsonBytes: Buffer.byteLength(JSON.stringify(task.data?.main?.[0]?.[0]?.json)),
			};
		});
	} finally {
		await bench.close();
	}
}

async function main(): Promise<void> {
	const log = (message: string) => say(`bench:sizes: ${message}`);
	log(`JSON per item, ${ITEMS} Generate items, small signatures ...`);
	const small = await measureJsonSizes('small signatures', 0);
	log(`JSON per item, ${ITEMS} Generate items, live-sized signatures ...`);
	const live = await measureJsonSizes('live signatures');

	const simulator = await startSimulator();
	let chain: RefineStep[];
	let memory;
	try {
		log(`Generate -> ${REFINE_STEPS} Refine at live sizes ...`);
		chain = await measureRefineChain(simulator);
		log('peak memory, 5 and 20 4K answers at live sizes ...');
		const bench = await prepareBenchN8n(simulator);
		try {
			memory = await measureMemory(bench, simulator, { log });
		} finally {
			await bench.close();
		}
	} finally {
		await simulator.close();
	}

	console.log('');
	console.log(
		`JSON per output item and run data, ${ITEMS} Generate items on ${MODEL} (goal: <= 10 KB an item)`,
	);
	for (const run of [small, live]) {
		console.log(
			`  ${run.label.padEnd(18)} signature ${String(run.signatureChars).padStart(7)} chars: ` +
				`items ${run.items}, JSON per item max ${kb(run.maxItemJsonBytes)} (mean ${kb(run.meanItemJsonBytes)}), ` +
				`run data ${mb(run.runDataBytes)}, node ${(run.nodeMs / 1000).toFixed(2)} s`,
		);
	}
	console.log('');
	console.log(`Generate -> ${REFINE_STEPS} x Refine at live sizes (${MODEL})`);
	for (const step of chain) {
		console.log(
			`  ${step.node.padEnd(9)} request ${mb(step.requestBytes)} (${step.contents} contents, ${step.status}), ` +
				`node ${(step.nodeMs / 1000).toFixed(2)} s, item JSON ${kb(step.itemJsonBytes)}`,
		);
	}
	console.log('');
	const [five, twenty] = memory.generate;
	console.log(
		'Peak memory, Generate at 4K on gemini-3-pro-image, live-sized answers (goal: <= 1.2x)',
	);
	for (const run of [five, twenty]) {
		console.log(
			`  ${String(run.items).padStart(2)} items: process peak ${mb(run.processPeakBytes)}, ` +
				`before the node ${mb(run.rssBeforeNodeBytes)}, peak during ${mb(run.peakDuringNodeBytes)}, ` +
				`answer image ${mb(run.meanOutputBytes)}`,
		);
	}
	console.log(
		`  ratio 20/5: process peak ${(twenty.processPeakBytes / five.processPeakBytes).toFixed(2)}x, ` +
			`rise during the node ${((twenty.peakDuringNodeBytes - twenty.rssBeforeNodeBytes) / (five.peakDuringNodeBytes - five.rssBeforeNodeBytes)).toFixed(2)}x`,
	);
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
