/**
 * `npm run bench:quota`: pacing to a project's quota in a real n8n, against the simulator
 * enforcing 20 requests per 10 s per key and model (Google's 429 with RetryInfo of the time
 * left in the window) at 300 ms a request. 60 and 200 prompts at the defaults and with
 * Requests per Minute 120: node time, its ratio to the quota's ideal (requests x window /
 * quota), 429s as a share of requests, items lost. (Each `n8n execute` is its own process, so
 * two executions sharing one process's pace are measured in test/integration/quota.test.ts.)
 * Prints the figures; not a test, CI never runs it. Expects a fresh build.
 */
import { say } from '../scripts/n8n/log';
import { startSimulator, type Simulator } from '../test/simulator';
import { executeWorkflow, prepareBenchN8n, type BenchN8n } from './n8n-bench';
import { geminiImageWorkflow, prompts } from './workflows';

const QUOTA = { requests: 20, windowMs: 10_000 };
const MODEL = 'gemini-nano-banana-2.1';

interface QuotaRun {
	label: string;
	requests: number;
	refused: number;
	lost: number;
	images: number;
	nodeMs: number;
}

async function counts(simulator: Simulator) {
	const response = await fetch(`${simulator.url}/__simulator/quota`);
	return (await response.json()) as { accepted: number; refused429: number };
}

async function runOnce(bench: BenchN8n, id: string, count: number, rpm: number) {
	const result = await executeWorkflow(
		bench,
		geminiImageWorkflow(id, prompts(count, id), {
			model: MODEL,
			options: rpm ? { requestsPerMinute: rpm } : {},
		}),
	);
	const task = result.run.data.resultData.runData.Generate?.[0];
	const items = task?.data?.main?.[0] ?? [];
	const images = items.filter((item) => item.binary?.data && !item.json.error).length;
	return { images, lost: count - images, nodeMs: task?.executionTime ?? result.wallMs };
}

async function measure(
	bench: BenchN8n,
	simulator: Simulator,
	label: string,
	count: number,
	rpm: number,
	executions = 1,
): Promise<QuotaRun> {
	simulator.reset();
	const runs = await Promise.all(
		Array.from({ length: executions }, (_, i) =>
			runOnce(bench, `benchQuota${label}${i}`, count, rpm),
		),
	);
	const seen = await counts(simulator);
	return {
		label,
		requests: seen.accepted + seen.refused429,
		refused: seen.refused429,
		lost: runs.reduce((sum, run) => sum + run.lost, 0),
		images: runs.reduce((sum, run) => sum + run.images, 0),
		nodeMs: Math.max(...runs.map((run) => run.nodeMs)),
	};
}

async function main(): Promise<void> {
	const simulator = await startSimulator({ latencyMs: 300, quota: QUOTA });
	const bench = await prepareBenchN8n(simulator);
	const results: QuotaRun[] = [];
	try {
		for (const [label, count, rpm, executions] of [
			['60, defaults', 60, 0, 1],
			['60, Requests per Minute 120', 60, 120, 1],
			['200, defaults', 200, 0, 1],
			['200, Requests per Minute 120', 200, 120, 1],
		] as const) {
			say(`bench:quota: ${label} ...`);
			// Each run starts with a fresh window.
			await new Promise((resolve) => setTimeout(resolve, QUOTA.windowMs));
			results.push(
				await measure(bench, simulator, label.replace(/\W+/g, ''), count, rpm, executions),
			);
			results[results.length - 1].label = label;
		}
	} finally {
		await bench.close();
		await simulator.close();
	}
	console.log('');
	console.log(
		`Quota ${QUOTA.requests} per ${QUOTA.windowMs / 1000} s per key and model, 300 ms a request, ${MODEL}`,
	);
	for (const run of results) {
		const ideal = ((run.images + run.lost) * QUOTA.windowMs) / QUOTA.requests;
		console.log(
			`  ${run.label.padEnd(40)} node ${(run.nodeMs / 1000).toFixed(1)} s, ` +
				`ideal ${(ideal / 1000).toFixed(0)} s (${(run.nodeMs / ideal).toFixed(2)}x), ` +
				`429s ${run.refused} of ${run.requests} requests (${((100 * run.refused) / run.requests).toFixed(1)} %), ` +
				`images ${run.images}, lost ${run.lost}`,
		);
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
