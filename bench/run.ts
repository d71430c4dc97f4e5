/**
 * `npm run bench`: throughput, overhead, memory and load time of the node, measured against the
 * local Gemini API simulator with a fixed latency per request. Prints a table and writes
 * BENCHMARKS.md at the repository root. Not part of the tests; CI never runs it.
 *
 * Expects a fresh build (`npm run bench` builds first). BENCH_LATENCY_MS sets the latency.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { say } from '../scripts/n8n/log';
import { startSimulator } from '../test/simulator';
import { measureLoadTime } from './load-time';
import { describeMachine } from './machine';
import { measureMemory, MEMORY_MODEL } from './memory';
import { prepareBenchN8n } from './n8n-bench';
import { measureOverhead } from './overhead';
import { benchmarksMarkdown, tableRows, textTable } from './report';
import { measureThroughput, THROUGHPUT_MODEL } from './throughput';

const ROOT = join(__dirname, '..');

function latencyFromEnvironment(): number {
	const value = process.env.BENCH_LATENCY_MS;
	if (value === undefined || value === '') return 500;
	const latency = Number(value);
	if (!Number.isInteger(latency) || latency < 50) {
		throw new Error(`BENCH_LATENCY_MS must be a whole number of milliseconds >= 50, not ${value}`);
	}
	return latency;
}

async function main(): Promise<void> {
	const startedAt = new Date();
	const started = performance.now();
	const latencyMs = latencyFromEnvironment();
	const machine = describeMachine();
	const log = (message: string) => say(`bench: ${message}`);

	const simulator = await startSimulator({ latencyMs });
	const bench = await prepareBenchN8n(simulator);
	try {
		// The short in-process figures first, then the real n8n runs.
		log('module load time ...');
		const loadTime = measureLoadTime(7, bench.n8n.runtime.node);
		log(`module load time: ${loadTime.nodeModuleMs.toFixed(1)} ms`);
		log('overhead per request ...');
		const overhead = await measureOverhead();
		log(`overhead per request: ${overhead.overheadMsPerRequest.toFixed(2)} ms`);

		log(`throughput, simulator latency ${latencyMs} ms ...`);
		const throughput = await measureThroughput(bench, simulator, latencyMs, { log });
		log('peak memory ...');
		const memory = await measureMemory(bench, simulator, { log });

		const results = {
			startedAt,
			totalMs: performance.now() - started,
			machine,
			loadAverageAtEnd: loadavg(),
			n8nVersion: bench.n8nVersion,
			n8nNodeVersion: bench.nodeVersion,
			latencyMs,
			throughput,
			throughputModel: THROUGHPUT_MODEL,
			memory,
			memoryModel: MEMORY_MODEL,
			overhead,
			loadTime,
		};
		const rows = tableRows(results);
		console.log('');
		console.log(textTable(rows));
		console.log('');
		writeFileSync(join(ROOT, 'BENCHMARKS.md'), benchmarksMarkdown(results, rows));
		log(`BENCHMARKS.md written; ${(results.totalMs / 1000).toFixed(0)} s in all`);
	} finally {
		await simulator.close();
		await bench.close();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
