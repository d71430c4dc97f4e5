import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';

import { say, seconds } from './log';

export interface RunOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Every line of output is appended here, for reading after a failure. */
	logFile?: string;
	/** When set, a line with this label and the elapsed time is printed every 20 s. */
	heartbeat?: string;
	/** Print the output as it comes instead of only on failure. */
	echo?: boolean;
}

export interface RunResult {
	stdout: string;
	stderr: string;
	/** stdout and stderr interleaved as they came. */
	output: string;
}

const HEARTBEAT_MS = 20_000;
const TAIL_LINES = 40;

export class CommandFailedError extends Error {
	constructor(
		readonly command: string,
		readonly exitCode: number | null,
		readonly result: RunResult,
	) {
		const tail = result.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
		super(`Command failed (exit ${exitCode}): ${command}\n${tail}`);
	}
}

/** Runs a command to completion, in its own process group, and collects its output. */
export async function run(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const commandLine = [command, ...args].join(' ');
	const startedAt = Date.now();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const stopChild = () => signalGroup(child, 'SIGTERM');
	process.once('exit', stopChild);

	let stdout = '';
	let stderr = '';
	let combined = '';
	const collect = (chunk: Buffer, isError: boolean) => {
		const text = chunk.toString();
		if (isError) stderr += text;
		else stdout += text;
		combined += text;
		if (options.logFile) appendFileSync(options.logFile, text);
		if (options.echo) (isError ? process.stderr : process.stdout).write(text);
	};
	child.stdout.on('data', (chunk: Buffer) => collect(chunk, false));
	child.stderr.on('data', (chunk: Buffer) => collect(chunk, true));

	const timer = options.heartbeat
		? setInterval(() => {
				say(`  ... ${options.heartbeat}: ${seconds(startedAt)}`);
			}, HEARTBEAT_MS)
		: undefined;

	try {
		const exitCode = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (code) => resolve(code));
		});
		const result = { stdout, stderr, output: combined };
		if (exitCode !== 0) throw new CommandFailedError(commandLine, exitCode, result);
		return result;
	} finally {
		if (timer) clearInterval(timer);
		process.removeListener('exit', stopChild);
	}
}

/** Sends a signal to the whole process group of a child started with `detached: true`. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

/** Stops a detached child and everything it started: SIGTERM, then SIGKILL after a grace time. */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.pid === undefined) return;
	const exited =
		child.exitCode !== null || child.signalCode !== null
			? Promise.resolve()
			: new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child, 'SIGTERM');
	const timedOut = await Promise.race([
		exited.then(() => false),
		new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
	]);
	// Children of the group may outlive its leader: always sweep the group.
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Nothing left in the group.
	}
	if (timedOut) await exited;
}
