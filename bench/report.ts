/** The benchmark table (printed and in BENCHMARKS.md) and the rest of BENCHMARKS.md. */
import type { LoadTimeResult } from './load-time';
import type { Machine } from './machine';
import type { MemoryResult, MemoryRun } from './memory';
import type { OverheadResult } from './overhead';
import type { RequestSummary, ThroughputResult, ThroughputRun } from './throughput';

export interface BenchResults {
	startedAt: Date;
	totalMs: number;
	machine: Machine;
	loadAverageAtEnd: number[];
	n8nVersion: string;
	n8nNodeVersion: string;
	latencyMs: number;
	throughput: ThroughputResult;
	throughputModel: string;
	memory: MemoryResult;
	memoryModel: string;
	overhead: OverheadResult;
	loadTime: LoadTimeResult;
}

export interface Row {
	figure: string;
	value: string;
	goal: string;
	ratio: string;
	met: string;
}

const MEMORY_GOAL = 1.5;
const EFFICIENCY_GOAL = 0.9;
const SPEEDUP_GOAL = 3;
const OVERHEAD_GOAL_MS = 5;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

function throughputRow(run: ThroughputRun, items: number, tracked: boolean): Row {
	return {
		figure: `${run.label}: ${items} images, node time`,
		value: `${s(run.nodeMs)} (ideal ${s(run.idealMs)})`,
		goal: tracked ? `>= ${EFFICIENCY_GOAL} of ideal` : `(>= ${EFFICIENCY_GOAL} of ideal)`,
		ratio: run.efficiency.toFixed(2),
		met: tracked ? yes(run.efficiency >= EFFICIENCY_GOAL) : `(${yes(run.efficiency >= 0.9)})`,
	};
}

function memoryRows(runs: [MemoryRun, MemoryRun]): Row[] {
	const [small, large] = runs;
	const ratio = large.processPeakBytes / small.processPeakBytes;
	return [
		{
			figure: `Peak RSS of n8n execute, ${small.label}`,
			value: mib(small.processPeakBytes),
			goal: '',
			ratio: '',
			met: '',
		},
		{
			figure: `Peak RSS of n8n execute, ${large.label}`,
			value: mib(large.processPeakBytes),
			goal: `<= ${MEMORY_GOAL}x the ${small.items}-item run`,
			ratio: ratio.toFixed(2),
			met: yes(ratio <= MEMORY_GOAL),
		},
	];
}

export function tableRows(results: BenchResults): Row[] {
	const { throughput, overhead, loadTime, memory } = results;
	const [ours5, ours10] = throughput.ours;
	const { theirs } = throughput;
	const speedup = theirs.nodeMs / ours5.nodeMs;
	const wallSpeedup = theirs.wallMs / ours5.wallMs;
	return [
		throughputRow(ours5, throughput.items, true),
		throughputRow(ours10, throughput.items, false),
		{
			figure: `n8n's Google Gemini node: ${throughput.items} images, node time`,
			value: `${s(theirs.nodeMs)} (ideal ${s(theirs.idealMs)})`,
			goal: '',
			ratio: theirs.efficiency.toFixed(2),
			met: '',
		},
		{
			figure: "Speed-up over n8n's Google Gemini node, default settings, node time",
			value: `${s(theirs.nodeMs)} / ${s(ours5.nodeMs)}`,
			goal: `>= ${SPEEDUP_GOAL}x`,
			ratio: `${speedup.toFixed(2)}x`,
			met: yes(speedup >= SPEEDUP_GOAL),
		},
		{
			figure: `Whole n8n execute wall time, ${throughput.items} images: Gemini Image P5 / P10`,
			value: `${s(ours5.wallMs)} / ${s(ours10.wallMs)}`,
			goal: '',
			ratio: '',
			met: '',
		},
		{
			figure: "Speed-up over n8n's Google Gemini node, whole n8n execute wall time",
			value: `${s(theirs.wallMs)} / ${s(ours5.wallMs)}`,
			goal: `(>= ${SPEEDUP_GOAL}x)`,
			ratio: `${wallSpeedup.toFixed(2)}x`,
			met: `(${yes(wallSpeedup >= SPEEDUP_GOAL)})`,
		},
		{
			figure: 'Overhead per request over a bare @google/genai call',
			value: `${overhead.overheadMsPerRequest.toFixed(2)} ms`,
			goal: `< ${OVERHEAD_GOAL_MS} ms`,
			ratio: (overhead.overheadMsPerRequest / OVERHEAD_GOAL_MS).toFixed(2),
			met: yes(overhead.overheadMsPerRequest < OVERHEAD_GOAL_MS),
		},
		...memoryRows(memory.generate),
		...memoryRows(memory.edit),
		{
			figure: 'Module load time (require of the node file, as n8n does at start-up)',
			value: `${loadTime.nodeModuleMs.toFixed(1)} ms`,
			goal: '',
			ratio: '',
			met: '',
		},
		{
			figure: '@google/genai loaded at n8n start-up',
			value: `${loadTime.sdkLoadedAtStart ? 'yes' : 'no'} (${loadTime.sdkMs.toFixed(0)} ms on first use)`,
			goal: 'no',
			ratio: '',
			met: yes(!loadTime.sdkLoadedAtStart),
		},
	];
}

const HEADERS: Row = {
	figure: 'Figure',
	value: 'Value',
	goal: 'Goal',
	ratio: 'Ratio',
	met: 'Met?',
};
const COLUMNS = Object.keys(HEADERS) as Array<keyof Row>;

export function textTable(rows: Row[]): string {
	const all = [HEADERS, ...rows];
	const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row: Row) =>
		COLUMNS.map((column, index) => row[column].padEnd(widths[index]))
			.join('  ')
			.trimEnd();
	const rule = widths.map((width) => '-'.repeat(width)).join('  ');
	return [line(HEADERS), rule, ...rows.map(line)].join('\n');
}

function markdownTable(rows: Row[]): string {
	const cell = (text: string) => text.replace(/\|/g, '\\|') || ' ';
	const line = (row: Row) => `| ${COLUMNS.map((column) => cell(row[column])).join(' | ')} |`;
	return [line(HEADERS), `|${COLUMNS.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Wraps text into lines of at most `width` characters; later lines get `indent`. */
function wrap(text: string, width = 100, indent = '  '): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const limit = lines.length === 0 ? width : width - indent.length;
		if (line && line.length + 1 + word.length > limit) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines.join(`\n${indent}`);
}

const bullet = (text: string) => `- ${wrap(text, 98)}`;
const paragraph = (text: string) => wrap(text, 100, '');

function requestSummary(summary: RequestSummary): string {
	const statuses = Object.entries(summary.statuses)
		.map(([status, count]) => `${count} x ${status}`)
		.join(', ');
	const more = summary.paths.length > 1 ? ` (and ${summary.paths.length - 1} more)` : '';
	return (
		`${summary.count} generateContent requests, answered ${statuses}; API key in the ` +
		`${summary.apiKeySources.join(', ')}; path \`${summary.paths[0]}\`${more}; body ` +
		`\`${summary.bodyShapes.join('`, `')}\``
	);
}

const rise = (run: MemoryRun) => run.peakDuringNodeBytes - run.rssBeforeNodeBytes;

function memoryDetail(run: MemoryRun): string {
	return (
		`| ${run.label} | ${mib(run.processPeakBytes)} | ${mib(run.rssBeforeNodeBytes)} | ` +
		`${mib(run.peakDuringNodeBytes)} | ${mib(rise(run))} | ${s(run.nodeMs)} | ` +
		`${(run.meanRequestBytes / 1e6).toFixed(2)} MB | ${(run.meanOutputBytes / 1e3).toFixed(0)} KB |`
	);
}

function warningNote(results: BenchResults): string[] {
	const { throughput, memory } = results;
	const runs: Array<{ label: string; warnings: string[] }> = [
		...throughput.allRuns,
		throughput.theirs,
		...memory.generate,
		...memory.edit,
		memory.editLarger,
	];
	const warned = runs.filter((run) => run.warnings.length > 0);
	if (warned.length === 0) return [bullet('n8n printed no Node.js process warnings in any run.')];
	const counts = new Map<string, number>();
	for (const run of warned) counts.set(run.label, (counts.get(run.label) ?? 0) + 1);
	const which = [...counts].map(([label, count]) => `${label}: ${count}`).join('; ');
	const kinds = [...new Set(warned.flatMap((run) => run.warnings))];
	const notes = [
		bullet(
			`n8n printed Node.js process warnings in ${warned.length} of ${runs.length} runs ` +
				`[${which}]: ${kinds.map((kind) => `"${kind}"`).join('; ')}.`,
		),
	];
	if (kinds.some((kind) => kind.includes('abort listeners'))) {
		notes.push(
			bullet(
				'Where the abort listeners come from: @google/genai (3.1.0) adds a listener to the ' +
					'`abortSignal` it is given on every call and, after a successful call, never removes ' +
					'it (its `apiCall` leaves the attempt undisposed while the body is read). The node ' +
					"passes n8n's execution cancel signal and raises its limit to Parallel Requests x 16 " +
					'+ 10, so an execution with more requests than that prints the warning. Each ' +
					'leftover listener keeps a small closure alive until the execution ends.',
			),
		);
	}
	return notes;
}

export function benchmarksMarkdown(results: BenchResults, rows: Row[]): string {
	const { machine, throughput, memory, overhead, loadTime, latencyMs } = results;
	const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
	const [smallGenerate, largeGenerate] = memory.generate;
	const [smallEdit, largeEdit] = memory.edit;
	const { editLarger } = memory;
	const inputMb = (memory.inputBytes / 1e6).toFixed(1);
	const perFlight = rise(smallEdit) / smallEdit.items;
	const when = results.startedAt.toISOString().slice(0, 16).replace('T', ' ');
	const throughputRuns = [...throughput.allRuns, throughput.theirs].map(
		(run) =>
			`| ${run.label} | ${s(run.nodeMs)} | ${s(run.wallMs)} | ${s(run.idealMs)} | ` +
			`${run.efficiency.toFixed(2)} | ${run.loadAverage.toFixed(2)} |`,
	);
	return [
		'# Benchmarks',
		'',
		paragraph(
			`Measured ${when} UTC in one run of \`npm run bench\` (${s(results.totalMs)} after the ` +
				`build), against the local Gemini API simulator with a fixed latency of ` +
				`**${latencyMs} ms per generateContent request**, so the ratios hold on a noisy ` +
				'machine. These figures are not part of the tests, and CI never runs them.',
		),
		'',
		markdownTable(rows),
		'',
		paragraph(
			'Ratio: for throughput, ideal time / node time (1 is perfect); for the speed-ups, ' +
				"n8n's node time / this node's time; for overhead, value / goal; for memory, the " +
				`${largeGenerate.items}-item peak / the ${smallGenerate.items}-item peak. Goals in ` +
				'parentheses are informative: the tracked throughput goals are at default settings.',
		),
		'',
		'## Machine',
		'',
		bullet(
			`CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ` +
				`${machine.memoryGiB.toFixed(1)} GiB.`,
		),
		bullet(
			`n8n ${results.n8nVersion} on Node ${results.n8nNodeVersion} (the cached runtime of ` +
				'`scripts/n8n/`); the bench itself, the simulator and the in-process overhead ' +
				`measurement on Node ${machine.benchNodeVersion.replace(/^v/, '')}.`,
		),
		bullet(
			`Load average (1 / 5 / 15 min): ${load(machine.loadAverageAtStart)} at the start, ` +
				`${load(results.loadAverageAtEnd)} at the end. Other work shared the machine; the ` +
				'throughput rounds below show how far it moved the figures.',
		),
		'',
		'## Reproduce',
		'',
		'```bash',
		'npm run bench   # npm run build && tsx bench/run.ts: prints the table, rewrites this file',
		'```',
		'',
		paragraph(
			'The first run on a machine also installs the cached n8n (about 3 minutes, see ' +
				'`test/e2e/README.md`). `BENCH_LATENCY_MS` sets another simulator latency.',
		),
		'',
		'## Method',
		'',
		bullet(
			'**n8n**: a fresh user folder in the system temp folder, the package packed with ' +
				"`npm pack` and installed into `.n8n/nodes` as n8n's Community Nodes installer does, " +
				'`N8N_DEFAULT_BINARY_DATA_MODE=filesystem`, SQLite, free ports. Every workflow runs in ' +
				"a fresh `n8n execute --id --rawOutput` process; the run's JSON is parsed from its output.",
		),
		bullet(
			`**Throughput**: Manual Trigger -> Set + Split Out making ${throughput.items} prompt ` +
				`items -> the measured node, \`${results.throughputModel}\` at 1K. This package's ` +
				"node with default settings (Parallel Requests 5) and with 10; n8n's own Google " +
				'Gemini node (`@n8n/n8n-nodes-langchain.googleGemini` v1.2, resource Image, operation ' +
				`Generate, model id \`models/${results.throughputModel}\`, credential \`googlePalmApi\` ` +
				"with `host` set to the simulator). Node time is the node's `executionTime` in the run " +
				'data; wall time is the whole `n8n execute` process, start-up included. Ideal = items x ' +
				"latency / concurrency (n8n's node runs items one after another: concurrency 1). " +
				`This package's node ran ${throughput.rounds} rounds per setting (the best is in the ` +
				"table), n8n's node one. Prompts cycle over four texts, so the simulator answers from " +
				'its image cache and its own encoding stays out of the times.',
		),
		bullet(
			"**Overhead**: `bench/overhead.ts`: the node's real `execute()` in n8n-core's " +
				'execution context (filesystem binary mode) against a loop of bare SDK calls that only ' +
				`decode the image, ${overhead.requests} sequential requests each, simulator without ` +
				`latency, best of 3 rounds: ${overhead.nodeMsPerRequest.toFixed(2)} ms against ` +
				`${overhead.bareMsPerRequest.toFixed(2)} ms per request.`,
		),
		bullet(
			'**Memory**: peak resident set (`VmHWM`) of the `n8n execute` process, which runs the ' +
				"workflow itself (n8n's CLI does not fork for it), read from `/proc/<pid>/status` " +
				'every 20 ms; VmHWM only grows, so the last reading is the peak. `VmRSS`, sampled with ' +
				"it and aligned on the run data's `startTime` and `executionTime`, gives the resident " +
				'set just before the measured node started and its peak while the node ran. ' +
				`Generate: Set + Split Out -> the node, \`${results.memoryModel}\`, 4K, default ` +
				'Parallel Requests (5). Edit: Read/Write Files from Disk reading copies of one ' +
				`random-pixel ${memory.inputSide}x${memory.inputSide} PNG (${inputMb} MB, ` +
				'incompressible) -> the node editing each at 4K.',
		),
		bullet(
			`**Load time**: \`bench/load-time.ts\`, median of ${loadTime.runs} fresh processes of ` +
				`n8n's Node (${loadTime.nodeVersion}) with \`n8n-workflow\` already loaded, as in n8n.`,
		),
		'',
		'## Details',
		'',
		'Throughput runs, in the order run (load average when each started):',
		'',
		'| Run | Node time | Wall time | Ideal | Ratio | Load |',
		'|---|---|---|---|---|---|',
		...throughputRuns,
		'',
		'What the simulator received (one run each):',
		'',
		bullet(`This package's node: ${requestSummary(throughput.ourRequests)}.`),
		bullet(`n8n's Google Gemini node: ${requestSummary(throughput.theirRequests)}.`),
		'',
		'Memory runs:',
		'',
		'| Run | Process peak (VmHWM) | RSS before the node | Peak RSS during the node | Rise | ' +
			'Node time | Request body | Output image |',
		'|---|---|---|---|---|---|---|---|',
		...[...memory.generate, ...memory.edit, editLarger].map(memoryDetail),
		'',
		'## Notes',
		'',
		bullet(
			"The process peak of the Generate runs is mostly n8n's own (start-up, loading every " +
				'node type). The rise of the resident set while the node ran would show a per-item ' +
				`cost: ${mib(rise(smallGenerate))} with ${smallGenerate.items} items, ` +
				`${mib(rise(largeGenerate))} with ${largeGenerate.items}.`,
		),
		bullet(
			"The simulator's 4K images are highly compressible PNGs (bands of repeated rows): " +
				`${(smallGenerate.meanOutputBytes / 1e3).toFixed(0)} KB on average here, where ` +
				"Google's 4K images weigh megabytes, so the Generate runs barely load the response " +
				`path. The Edit runs load the request path with incompressible ${inputMb} MB inputs ` +
				`(${(largeEdit.meanRequestBytes / 1e6).toFixed(1)} MB of JSON per request). Their ` +
				`rise while the node ran: ${mib(rise(smallEdit))} with ${smallEdit.items} items, ` +
				`${mib(rise(largeEdit))} with ${largeEdit.items} and ${mib(rise(editLarger))} with ` +
				`${editLarger.items}, always 5 requests in flight: about ${mib(perFlight)} per ` +
				`request in flight (${(perFlight / memory.inputBytes).toFixed(1)}x the input: its ` +
				"bytes, their base64 text, the JSON body and the HTTP client's copies), plus garbage " +
				'the collector has not yet returned. Large 4K answers are not covered: the simulator ' +
				'cannot answer with incompressible images.',
		),
		...warningNote(results),
		'',
	].join('\n');
}
