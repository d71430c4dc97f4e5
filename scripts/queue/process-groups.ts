import { spawn, type ChildProcess } from 'node:child_process';
import {
	appendFileSync,
	closeSync,
	existsSync,
	openSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** A long-running process started in its own process group, its output going to a log file. */
export interface GroupProcess {
	name: string;
	child: ChildProcess;
	pid: number;
	logFile: string;
	/** Whether the process is still running. */
	readonly running: boolean;
	/**
	 * Stops the whole group: `signal` first (SIGTERM unless the program wants another), SIGKILL
	 * to everything left in the group after `graceMs`.
	 */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
	/** Run as this user and group (only when the caller is root). */
	uid?: number;
	gid?: number;
}

const REAPER = join(__dirname, 'reaper.sh');

/**
 * The services of one run. Every process goes into its own process group (so stopping it stops
 * what it started) and its group id into a ledger file. A reaper watches this process: if it dies
 * without stopping them (SIGKILL, a crash, an interrupted run), the reaper kills every group in
 * the ledger and removes the run's folder.
 */
export class ProcessGroups {
	private readonly processes = new Map<number, GroupProcess>();
	private reaper?: ChildProcess;

	constructor(readonly ledgerFile: string) {
		if (!existsSync(ledgerFile)) writeFileSync(ledgerFile, '');
	}

	/** Starts the reaper; with `folder`, it also removes that folder once this process is gone. */
	startReaper(folder?: string): void {
		const args = [REAPER, String(process.pid), this.ledgerFile, ...(folder ? [folder] : [])];
		this.reaper = spawn('sh', args, { detached: true, stdio: 'ignore' });
		this.reaper.unref();
	}

	/** Stops the reaper: for a run that stopped its services itself. */
	stopReaper(): void {
		if (this.reaper?.pid !== undefined && this.reaper.exitCode === null) {
			try {
				process.kill(-this.reaper.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
	}

	spawn(name: string, command: string, args: string[], options: SpawnOptions): GroupProcess {
		const output = openSync(options.logFile, 'a');
		let child: ChildProcess;
		try {
			child = spawn(command, args, {
				cwd: options.cwd,
				env: options.env,
				stdio: ['ignore', output, output],
				detached: true,
				uid: options.uid,
				gid: options.gid,
			});
		} finally {
			closeSync(output);
		}
		if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
		const pid = child.pid;
		appendFileSync(this.ledgerFile, `${pid}\n`);
		child.on('error', () => undefined);
		const entry: GroupProcess = {
			name,
			child,
			pid,
			logFile: options.logFile,
			get running() {
				return child.exitCode === null && child.signalCode === null;
			},
			stop: async (signal = 'SIGTERM', graceMs = 15_000) => {
				await stopProcessGroup(child, signal, graceMs);
				this.forget(pid);
			},
		};
		this.processes.set(pid, entry);
		return entry;
	}

	/** Every process still running, newest first (the order to stop them in). */
	running(): GroupProcess[] {
		return [...this.processes.values()].filter((entry) => entry.running).reverse();
	}

	private forget(pid: number): void {
		this.processes.delete(pid);
		const left = readFileSync(this.ledgerFile, 'utf8')
			.split('\n')
			.filter((line) => line && line !== String(pid));
		writeFileSync(this.ledgerFile, left.map((line) => `${line}\n`).join(''));
	}
}

/** Sends `signal` to the group, waits up to `graceMs` for its leader, then SIGKILLs the group. */
export async function stopProcessGroup(
	child: ChildProcess,
	signal: NodeJS.Signals,
	graceMs: number,
): Promise<void> {
	if (child.pid === undefined) return;
	const alive = child.exitCode === null && child.signalCode === null;
	const exited = alive
		? new Promise<void>((resolve) => child.once('exit', () => resolve()))
		: Promise.resolve();
	if (alive) {
		signalGroup(child.pid, signal);
		await within(exited, graceMs);
	}
	// Children may outlive the group's leader: always sweep the group.
	signalGroup(child.pid, 'SIGKILL');
	await within(exited, 5_000);
}

async function within(promise: Promise<void>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		promise,
		new Promise<void>((resolve) => {
			timer = setTimeout(resolve, ms);
		}),
	]);
	clearTimeout(timer);
}

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}
