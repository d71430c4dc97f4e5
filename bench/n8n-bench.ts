/**
 * A real n8n for the benchmarks: the cached n8n 2.41.1 on Node 24, a fresh user folder of its
 * own, the packed package installed as the Community Nodes panel installs it, filesystem binary
 * mode, and credentials for this package's node and for n8n's own Google Gemini node, both
 * pointing at the local simulator. Workflows run headless with `n8n execute`, one fresh process
 * each, whose peak resident memory is sampled from /proc while it runs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IRun } from 'n8n-workflow';

import { CREDENTIAL_TYPE, type CredentialReference } from '../scripts/n8n/examples';
import { installPackageIntoN8n } from '../scripts/n8n/install-package';
import { N8nInstance, type WorkflowExport } from '../scripts/n8n/n8n-instance';
import { packBuiltPackage } from '../scripts/n8n/package-tarball';
import { freePort } from '../scripts/n8n/ports';
import { signalGroup } from '../scripts/n8n/processes';
import { ensureN8nRuntime, N8N_VERSION, NODE_VERSION } from '../scripts/n8n/runtime';
import { parseRun } from '../test/e2e/support/run-workflow';

export const GEMINI_IMAGE_CREDENTIAL: CredentialReference = {
	id: 'benchGeminiImageCred',
	name: 'Gemini Image API (bench simulator)',
};
export const GOOGLE_PALM_CREDENTIAL: CredentialReference = {
	id: 'benchGooglePalmCred',
	name: 'Google Gemini (bench simulator)',
};

export interface BenchN8n {
	n8n: N8nInstance;
	root: string;
	/** The only folder workflows may read and write files in. */
	filesFolder: string;
	n8nVersion: string;
	nodeVersion: string;
	close(): Promise<void>;
}

export async function prepareBenchN8n(simulator: {
	url: string;
	apiKey: string;
}): Promise<BenchN8n> {
	// Real path: n8n refuses file access through a symlinked folder.
	const root = realpathSync(mkdtempSync(join(tmpdir(), 'gemini-image-bench-')));
	const filesFolder = join(root, 'files');
	const userFolder = join(root, 'n8n-user');
	mkdirSync(filesFolder, { recursive: true });
	const tarball = await packBuiltPackage(join(root, 'package'));
	const runtime = await ensureN8nRuntime();
	await installPackageIntoN8n(runtime, userFolder, tarball);
	const n8n = new N8nInstance(runtime, {
		userFolder,
		filesFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});
	await n8n.importCredentials([
		{
			...GEMINI_IMAGE_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { apiKey: simulator.apiKey, baseUrl: simulator.url, apiVersion: 'v1beta' },
		},
		{
			...GOOGLE_PALM_CREDENTIAL,
			type: 'googlePalmApi',
			data: { host: simulator.url, apiKey: simulator.apiKey },
		},
	]);
	const n8nPackage = JSON.parse(
		readFileSync(join(runtime.folder, 'n8n', 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return {
		n8n,
		root,
		filesFolder,
		n8nVersion: n8nPackage.version ?? N8N_VERSION,
		nodeVersion: NODE_VERSION,
		close: async () => await rm(root, { recursive: true, force: true }),
	};
}

export interface MemorySample {
	/** Epoch milliseconds, comparable with the run data's `startTime`. */
	at: number;
	rssBytes: number;
	hwmBytes: number;
}

export interface ExecuteResult {
	run: IRun;
	exitCode: number;
	output: string;
	/** From spawning `n8n execute` to its exit. */
	wallMs: number;
	/** The highest VmHWM (peak resident set) read from the process while it ran, in bytes. */
	peakRssBytes: number;
	/** VmRSS and VmHWM read from /proc every few milliseconds while the process ran. */
	samples: MemorySample[];
	/** Node.js process warnings n8n printed (such as MaxListenersExceededWarning). */
	warnings: string[];
}

function readMemory(pid: number): MemorySample | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
		const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		if (!hwm || !rss) return undefined;
		return { at: Date.now(), rssBytes: Number(rss[1]) * 1024, hwmBytes: Number(hwm[1]) * 1024 };
	} catch {
		return undefined;
	}
}

/**
 * Runs `n8n execute --id <id> --rawOutput` in a fresh process (the one that runs the workflow:
 * n8n's CLI does not fork for it) and samples its VmRSS and VmHWM every `sampleMs` until it
 * exits. VmHWM only grows, so the last sample is the process's peak up to a few milliseconds
 * before exit, when it has long finished the workflow and printed the result.
 */
export async function executeWorkflow(
	bench: BenchN8n,
	workflow: WorkflowExport,
	sampleMs = 20,
): Promise<ExecuteResult> {
	await bench.n8n.importWorkflows([workflow]);
	const { runtime, env, settings } = bench.n8n;
	const started = performance.now();
	const child = spawn(
		runtime.node,
		[runtime.n8n, 'execute', `--id=${workflow.id}`, '--rawOutput'],
		{
			cwd: settings.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	const stop = () => signalGroup(child, 'SIGTERM');
	process.once('exit', stop);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const samples: MemorySample[] = [];
	const timer = setInterval(() => {
		const sample = child.pid === undefined ? undefined : readMemory(child.pid);
		if (sample) samples.push(sample);
	}, sampleMs);
	const exitCode = await new Promise<number>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => resolve(code ?? -1));
	});
	const wallMs = performance.now() - started;
	clearInterval(timer);
	process.removeListener('exit', stop);
	await new Promise<void>((resolve) => {
		if (child.stdout.readableEnded) resolve();
		else child.stdout.once('end', () => resolve());
	});
	const peakRssBytes = Math.max(0, ...samples.map((sample) => sample.hwmBytes));
	const warnings = [
		...new Set(output.split('\n').filter((line) => /^\(node:\d+\) \w*Warning/.test(line))),
	].map((line) => line.replace(/^\(node:\d+\) /, ''));
	return { run: parseRun(output), exitCode, output, wallMs, peakRssBytes, samples, warnings };
}

/** The first run of a node: its own execution time and its output items. */
export function nodeRun(
	run: IRun,
	nodeName: string,
): { startTime: number; executionTimeMs: number; items: number } {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) {
		const ran = Object.keys(run.data.resultData.runData).join(', ');
		throw new Error(`Node "${nodeName}" did not run (ran: ${ran})`);
	}
	if (task.error) throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
	return {
		startTime: task.startTime,
		executionTimeMs: task.executionTime,
		items: task.data?.main?.[0]?.length ?? 0,
	};
}
