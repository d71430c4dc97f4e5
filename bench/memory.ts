/**
 * Peak memory of the n8n process that runs the workflow, 5 items against 20, each run in a
 * fresh `n8n execute` process in filesystem binary mode:
 * - Generate at 4K on gemini-3-pro-image (the simulator's 4K PNGs are small: they compress well);
 * - Edit at 4K of large incompressible inputs (random-pixel PNGs read from disk), which puts
 *   real weight on the request path: every input travels base64-encoded in the request.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Simulator } from '../test/simulator';
import { noisePng } from '../test/simulator/images/test-pictures';
import { executeWorkflow, nodeRun, type BenchN8n, type ExecuteResult } from './n8n-bench';
import { editFromDiskWorkflow, geminiImageWorkflow, MEASURED_NODE, prompts } from './workflows';

export const MEMORY_MODEL = 'gemini-3-pro-image';
const NOISE_SIDE = 2048;

export interface MemoryRun {
	label: string;
	items: number;
	/** VmHWM of the `n8n execute` process: its peak resident set over the whole run. */
	processPeakBytes: number;
	/** VmRSS just before the measured node started. */
	rssBeforeNodeBytes: number;
	/** The highest VmRSS sampled while the measured node ran. */
	peakDuringNodeBytes: number;
	nodeMs: number;
	wallMs: number;
	/** Mean size of the images the node output. */
	meanOutputBytes: number;
	/** Mean size of one generateContent request body. */
	meanRequestBytes: number;
	/** Node.js process warnings n8n printed during the run. */
	warnings: string[];
}

export interface MemoryResult {
	generate: [MemoryRun, MemoryRun];
	edit: [MemoryRun, MemoryRun];
	/** One more Edit run with twice the items of the large one: does the rise keep growing? */
	editLarger: MemoryRun;
	inputBytes: number;
	inputSide: number;
}

function memoryRun(
	label: string,
	items: number,
	result: ExecuteResult,
	simulator: Simulator,
): MemoryRun {
	if (result.exitCode !== 0 || result.run.status !== 'success') {
		throw new Error(`${label} failed (exit ${result.exitCode}):\n${result.output.slice(-3000)}`);
	}
	const node = nodeRun(result.run, MEASURED_NODE);
	if (node.items !== items) throw new Error(`${label}: ${node.items} items out, not ${items}`);
	const end = node.startTime + node.executionTimeMs;
	const before = result.samples.filter((sample) => sample.at < node.startTime).pop();
	const during = result.samples.filter((sample) => sample.at >= node.startTime && sample.at <= end);
	const outputs = result.run.data.resultData.runData[MEASURED_NODE][0].data?.main?.[0] ?? [];
	const sizes = outputs.map((item) => Number(item.json.fileSize ?? 0));
	const generate = simulator.requests.filter((request) => request.path.includes(':generate'));
	const mean = (values: number[]) =>
		values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
	return {
		label,
		items,
		processPeakBytes: result.peakRssBytes,
		rssBeforeNodeBytes: before?.rssBytes ?? 0,
		peakDuringNodeBytes: Math.max(0, ...during.map((sample) => sample.rssBytes)),
		nodeMs: node.executionTimeMs,
		wallMs: result.wallMs,
		meanOutputBytes: mean(sizes),
		meanRequestBytes: mean(generate.map((request) => request.bodyBytes)),
		warnings: result.warnings,
	};
}

/** Copies of one random-pixel PNG, `count` files in a folder of their own. */
function writeInputs(folder: string, png: Buffer, count: number): string {
	mkdirSync(folder, { recursive: true });
	for (let index = 1; index <= count; index++) {
		const file = join(folder, `noise-${index}.png`);
		if (index === 1) writeFileSync(file, png);
		else copyFileSync(join(folder, 'noise-1.png'), file);
	}
	return join(folder, '*.png');
}

export async function measureMemory(
	bench: BenchN8n,
	simulator: Simulator,
	{ small = 5, large = 20, larger = 40, log = (_: string) => {} } = {},
): Promise<MemoryResult> {
	const options = { model: MEMORY_MODEL, options: { imageSize: '4K' } };
	const generate: MemoryRun[] = [];
	for (const items of [small, large]) {
		const id = `benchMemoryGenerate${items}`;
		simulator.reset();
		const result = await executeWorkflow(
			bench,
			geminiImageWorkflow(id, prompts(items, `memory ${items}`), options),
		);
		generate.push(memoryRun(`Generate ${items} x 4K`, items, result, simulator));
		log(`Generate ${items} x 4K: peak ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
	}

	const png = noisePng(NOISE_SIDE, NOISE_SIDE, 'rgb');
	const edit: MemoryRun[] = [];
	for (const items of [small, large, larger]) {
		const id = `benchMemoryEdit${items}`;
		const pattern = writeInputs(join(bench.filesFolder, `noise-${items}`), png, items);
		simulator.reset();
		const result = await executeWorkflow(bench, editFromDiskWorkflow(id, pattern, options));
		const size = `${(png.length / 1e6).toFixed(1)} MB`;
		edit.push(memoryRun(`Edit ${items} x ${size} input -> 4K`, items, result, simulator));
		log(`Edit ${items} large inputs: peak ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
	}
	simulator.reset();
	return {
		generate: generate as [MemoryRun, MemoryRun],
		edit: [edit[0], edit[1]],
		editLarger: edit[2],
		inputBytes: png.length,
		inputSide: NOISE_SIDE,
	};
}
