import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { REPO_ROOT } from './package-tarball';
import { stopGroup } from './processes';

export interface RunningSimulator {
	baseUrl: string;
	apiKey: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

const READY_LINE = /listening on (http:\/\/[^\s]+) \(API key: ([^)]+)\)/;

/**
 * Starts the local Gemini API simulator (`test/simulator/cli.ts`) in its own process group and
 * waits for its first line, which names its address and API key. Port 0 picks a free port.
 */
export async function startSimulatorProcess(
	port: number,
	logFile?: string,
): Promise<RunningSimulator> {
	const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
	const child = spawn(
		tsx,
		[join(REPO_ROOT, 'test', 'simulator', 'cli.ts'), '--port', String(port)],
		{
			cwd: REPO_ROOT,
			env: process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
	if (log) child.stderr.pipe(log);
	else child.stderr.resume();

	const lines = createInterface({ input: child.stdout });
	let earlyOutput = '';
	try {
		const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`The simulator did not start within 60 s:\n${earlyOutput}`)),
				60_000,
			);
			lines.on('line', (line) => {
				const match = READY_LINE.exec(line);
				if (match) {
					clearTimeout(timer);
					resolve(match);
				} else {
					earlyOutput += line + '\n';
				}
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`The simulator exited (${code}) before it listened:\n${earlyOutput}`));
			});
		});
		// Keep draining its output so it never blocks on a full pipe.
		lines.removeAllListeners('line');
		lines.on('line', (line) => log?.write(line + '\n'));
		const [, baseUrl, apiKey] = ready;
		return { baseUrl, apiKey, process: child, stop: async () => await stopGroup(child, 5_000) };
	} catch (error) {
		await stopGroup(child, 2_000);
		throw error;
	}
}
