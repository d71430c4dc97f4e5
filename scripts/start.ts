/**
 * `npm start`: a real n8n at http://localhost:5678 with this package installed the way users
 * install community nodes, a Gemini Image credential, and the example workflows ready to open.
 *
 * With GEMINI_API_KEY set, the credential talks to Google. Without it, the local Gemini API
 * simulator runs beside n8n (port 8787, or SIMULATOR_PORT) and the credential points at it.
 * Everything lives in .n8n-local/ (ignored by git); n8n itself is cached outside the repository.
 * Ctrl-C stops n8n, the simulator and everything they started.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { writeSamplePhoto } from './n8n/examples';
import { writeSampleReferences } from './n8n/sample-references';
import { installPackageIntoN8n } from './n8n/install-package';
import { say, seconds, step } from './n8n/log';
import { N8nInstance } from './n8n/n8n-instance';
import { buildAndPack, REPO_ROOT } from './n8n/package-tarball';
import { freePort, isPortFree } from './n8n/ports';
import { signalGroup, stopGroup } from './n8n/processes';
import { ensureN8nRuntime } from './n8n/runtime';
import { startSimulatorProcess, type RunningSimulator } from './n8n/simulator-process';
import { chooseApiTarget, importCredentialAndExamples } from './start/setup';

const LOCAL_FOLDER = join(REPO_ROOT, '.n8n-local');
const FILES_FOLDER = join(LOCAL_FOLDER, 'files');
const EXAMPLE_OUTPUT_FOLDER = join(FILES_FOLDER, 'gemini-image');
const N8N_LOG = join(LOCAL_FOLDER, 'n8n.log');

/** The end of n8n's log, when it failed to start or stopped by itself. */
function printLogTail(file: string, lines = 30): void {
	if (!existsSync(file)) return;
	const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
	say(`Last lines of ${file}:`);
	for (const line of tail) console.log(`  ${line}`);
}

/** What is running, so that any way out (Ctrl-C, an error, n8n exiting) stops all of it. */
const running: { simulator?: RunningSimulator; server?: ChildProcess } = {};
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		if (running.server || running.simulator) say('Stopping n8n and everything it started ...');
		await Promise.all([
			running.server ? stopGroup(running.server, 30_000) : undefined,
			running.simulator?.stop(),
		]);
		if (running.server || running.simulator) say('Stopped.');
	}
	process.exit(exitCode);
}

async function main(): Promise<void> {
	const startedAt = Date.now();
	process.on('SIGINT', () => void stopAll(130));
	process.on('SIGTERM', () => void stopAll(143));
	process.on('exit', () => {
		// Last resort if the script dies without stopping them: never leave them running.
		for (const child of [running.server, running.simulator?.process]) {
			if (child) signalGroup(child, 'SIGKILL');
		}
	});

	const port = Number(process.env.N8N_PORT || 5678);
	const target = chooseApiTarget(process.env);
	say(target.description);
	if (!(await isPortFree(port))) {
		throw new Error(`Port ${port} is in use (another n8n?). Stop it, or set N8N_PORT.`);
	}
	if (target.simulatorPort !== undefined && !(await isPortFree(target.simulatorPort))) {
		throw new Error(
			`Port ${target.simulatorPort} for the simulator is in use. Stop what uses it, or set SIMULATOR_PORT.`,
		);
	}

	const tarball = await buildAndPack(join(LOCAL_FOLDER, 'package'));
	const runtime = await ensureN8nRuntime();
	await installPackageIntoN8n(runtime, LOCAL_FOLDER, tarball);

	await mkdir(EXAMPLE_OUTPUT_FOLDER, { recursive: true });
	const samplePhoto = join(EXAMPLE_OUTPUT_FOLDER, 'photo.png');
	if (!existsSync(samplePhoto)) await writeSamplePhoto(samplePhoto);
	const referencesFolder = join(EXAMPLE_OUTPUT_FOLDER, 'references');
	if (!existsSync(referencesFolder)) await writeSampleReferences(referencesFolder);

	const n8n = new N8nInstance(runtime, {
		userFolder: LOCAL_FOLDER,
		filesFolder: FILES_FOLDER,
		port,
		brokerPort: await brokerPort(),
	});

	const simulatorPort = target.simulatorPort;
	if (simulatorPort !== undefined) {
		running.simulator = await step(
			`Starting the Gemini API simulator on port ${simulatorPort}`,
			() => startSimulatorProcess(simulatorPort, join(LOCAL_FOLDER, 'simulator.log')),
		);
	}
	await importCredentialAndExamples(n8n, target, FILES_FOLDER, LOCAL_FOLDER);

	// n8n's own log goes to a file (its start-up notes about task runners and a Python runner this
	// package never uses are not what a first start is about); GEMINI_IMAGE_N8N_LOG=console
	// shows it here instead.
	const showLog = process.env.GEMINI_IMAGE_N8N_LOG === 'console';
	await step(`Starting n8n on port ${port}`, async () => {
		const server = n8n.startServer(showLog ? 'inherit' : N8N_LOG);
		running.server = server;
		server.once('exit', (code, signal) => {
			if (stopping) return;
			say(`n8n exited (${code ?? signal}).`);
			if (!showLog) printLogTail(N8N_LOG);
			void stopAll(code ?? 1);
		});
		await n8n.waitUntilHealthy(server).catch((error: Error) => {
			if (!showLog) printLogTail(N8N_LOG);
			throw error;
		});
	});

	console.log('');
	say(`n8n is ready: http://localhost:${port}   (started in ${seconds(startedAt)})`);
	say('First visit: create the owner account (it stays on this machine, in .n8n-local/).');
	say(`Gemini Image API: ${target.summary}`);
	say('Example workflows: Overview > Workflows ("Gemini Image: ...").');
	say(`Files the examples read and write: ${EXAMPLE_OUTPUT_FOLDER}`);
	if (!showLog) say(`n8n's own log: ${N8N_LOG}`);
	say('Press Ctrl-C to stop.');
}

/** n8n's task-runner broker port: 5679 unless taken (every n8n process needs its own). */
async function brokerPort(): Promise<number> {
	if (process.env.N8N_RUNNERS_BROKER_PORT) return Number(process.env.N8N_RUNNERS_BROKER_PORT);
	return (await isPortFree(5679)) ? 5679 : await freePort();
}

main().catch(async (error: Error) => {
	say(`npm start failed: ${error.message}`);
	await stopAll(1);
});
