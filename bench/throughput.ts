/**
 * Throughput in a real n8n: 100 prompt items through this package's node (Parallel Requests 5,
 * the default, and 10) and through n8n's own Google Gemini node, same model, same simulator
 * with a fixed latency per request. Each run is a fresh `n8n execute` process.
 */
import { loadavg } from 'node:os';

import type { WorkflowExport } from '../scripts/n8n/n8n-instance';
import type { Simulator } from '../test/simulator';
import { executeWorkflow, nodeRun, type BenchN8n } from './n8n-bench';
import { geminiImageWorkflow, googleGeminiWorkflow, MEASURED_NODE, prompts } from './workflows';

export const THROUGHPUT_MODEL = 'gemini-nano-banana-2.1';

export interface ThroughputRun {
	label: string;
	concurrency: number;
	/** The node's own `executionTime` from the run data. */
	nodeMs: number;
	/** The whole `n8n execute` process, start-up and shut-down included. */
	wallMs: number;
	/** items x latency / concurrency. */
	idealMs: number;
	/** ideal / node time: 1 is perfect. */
	efficiency: number;
	loadAverage: number;
	/** Node.js process warnings n8n printed during the run. */
	warnings: string[];
}

export interface ThroughputResult {
	items: number;
	latencyMs: number;
	rounds: number;
	/** Best round of each setting of this package's node. */
	ours: ThroughputRun[];
	/** Every round, in the order run. */
	allRuns: ThroughputRun[];
	theirs: ThroughputRun;
	/** What n8n's node sent, as the simulator recorded it, and whether it was accepted. */
	theirRequests: RequestSummary;
	ourRequests: RequestSummary;
}

export interface RequestSummary {
	count: number;
	statuses: Record<string, number>;
	apiKeySources: string[];
	paths: string[];
	bodyShapes: string[];
}

/** The distinct shapes of the request bodies: field paths with the prompt text left out. */
function shapeOf(body: unknown): string {
	return JSON.stringify(body, (key, value) => (key === 'text' ? '…' : value));
}

function summarize(simulator: Simulator): RequestSummary {
	const generate = simulator.requests.filter((request) => request.path.includes(':generate'));
	const statuses: Record<string, number> = {};
	for (const request of generate) {
		statuses[String(request.status)] = (statuses[String(request.status)] ?? 0) + 1;
	}
	const distinct = (values: string[]) => [...new Set(values)];
	return {
		count: generate.length,
		statuses,
		apiKeySources: distinct(generate.map((request) => request.apiKeySource)),
		paths: distinct(generate.map((request) => request.path)),
		bodyShapes: distinct(generate.map((request) => shapeOf(request.body))),
	};
}

function check(summary: RequestSummary, items: number, label: string): void {
	if (summary.count !== items || summary.statuses['200'] !== items) {
		throw new Error(
			`${label}: expected ${items} accepted requests, the simulator saw ${JSON.stringify(summary)}`,
		);
	}
}

async function measure(
	bench: BenchN8n,
	simulator: Simulator,
	label: string,
	id: string,
	workflow: WorkflowExport,
	items: number,
	latencyMs: number,
	concurrency: number,
): Promise<{ run: ThroughputRun; requests: RequestSummary }> {
	simulator.reset();
	const loadAverage = loadavg()[0];
	const result = await executeWorkflow(bench, workflow);
	if (result.exitCode !== 0 || result.run.status !== 'success') {
		throw new Error(`${id} failed (exit ${result.exitCode}):\n${result.output.slice(-3000)}`);
	}
	const node = nodeRun(result.run, MEASURED_NODE);
	if (node.items !== items) throw new Error(`${id}: ${node.items} items out, not ${items}`);
	const requests = summarize(simulator);
	check(requests, items, label);
	const idealMs = (items * latencyMs) / concurrency;
	return {
		run: {
			label,
			concurrency,
			nodeMs: node.executionTimeMs,
			wallMs: result.wallMs,
			idealMs,
			efficiency: idealMs / node.executionTimeMs,
			loadAverage,
			warnings: result.warnings,
		},
		requests,
	};
}

export async function measureThroughput(
	bench: BenchN8n,
	simulator: Simulator,
	latencyMs: number,
	{ items = 100, rounds = 2, log = (_: string) => {} } = {},
): Promise<ThroughputResult> {
	const settings = [
		{ concurrency: 5, options: {} },
		{ concurrency: 10, options: { parallelRequests: 10 } },
	];
	const allRuns: ThroughputRun[] = [];
	let ourRequests: RequestSummary | undefined;
	for (let round = 1; round <= rounds; round++) {
		for (const { concurrency, options } of settings) {
			const label = `Gemini Image, Parallel Requests ${concurrency}${concurrency === 5 ? ' (default)' : ''}`;
			const id = `benchThroughputP${concurrency}R${round}`;
			const workflow = geminiImageWorkflow(id, prompts(items, `p${concurrency} r${round}`), {
				model: THROUGHPUT_MODEL,
				options,
			});
			const { run, requests } = await measure(
				bench,
				simulator,
				label,
				id,
				workflow,
				items,
				latencyMs,
				concurrency,
			);
			ourRequests ??= requests;
			allRuns.push(run);
			log(`${label}, round ${round}: node ${(run.nodeMs / 1000).toFixed(2)} s`);
		}
	}
	const ours = settings.map(({ concurrency }) =>
		allRuns
			.filter((run) => run.concurrency === concurrency)
			.reduce((best, run) => (run.nodeMs < best.nodeMs ? run : best)),
	);

	const id = 'benchThroughputGoogleGemini';
	const { run: theirs, requests: theirRequests } = await measure(
		bench,
		simulator,
		"n8n's Google Gemini node (sequential)",
		id,
		googleGeminiWorkflow(id, prompts(items, 'n8n'), THROUGHPUT_MODEL),
		items,
		latencyMs,
		1,
	);
	log(`n8n's Google Gemini node: node ${(theirs.nodeMs / 1000).toFixed(2)} s`);
	simulator.reset();
	return {
		items,
		latencyMs,
		rounds,
		ours,
		allRuns,
		theirs,
		theirRequests,
		ourRequests: ourRequests as RequestSummary,
	};
}
