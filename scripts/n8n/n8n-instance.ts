import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { npmEnvironment } from './npm-environment';
import { run, stopGroup, type RunResult } from './processes';
import type { N8nRuntime } from './runtime';

export interface N8nSettings {
	/** `N8N_USER_FOLDER`: n8n keeps its database, key and community packages in `<it>/.n8n`. */
	userFolder: string;
	/** The only folder workflows may read and write files in (`N8N_RESTRICT_FILE_ACCESS_TO`). */
	filesFolder: string;
	port?: number;
	/** Every n8n process on one machine needs its own task-runner broker port. */
	brokerPort?: number;
	extraEnv?: NodeJS.ProcessEnv;
}

/** One n8n user folder, and the commands that run n8n on it. */
export class N8nInstance {
	readonly env: NodeJS.ProcessEnv;

	constructor(
		readonly runtime: N8nRuntime,
		readonly settings: N8nSettings,
	) {
		this.env = npmEnvironment(runtime.binFolders, {
			N8N_USER_FOLDER: settings.userFolder,
			N8N_RESTRICT_FILE_ACCESS_TO: settings.filesFolder,
			N8N_PORT: String(settings.port ?? 5678),
			N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort ?? 5679),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// Plain http on localhost: a secure cookie would never be sent back.
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// Settings whose defaults n8n 2.41 announces it will change, set to what this package
			// is tested with, so the start-up log is not a list of deprecations.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_TASK_TIMEOUT: '300',
			N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
			N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
			DB_TYPE: 'sqlite',
			// Schedules run in this machine's time zone unless one is set (n8n's default is New York).
			GENERIC_TIMEZONE:
				process.env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
			...settings.extraEnv,
		});
		// A test runner's NODE_ENV=test switches n8n into its own unit-test mode (silent, no node
		// loading): run it as users do.
		delete this.env.NODE_ENV;
		delete this.env.JEST_WORKER_ID;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.settings.port ?? 5678}`;
	}

	/** Runs one n8n CLI command to completion. */
	async command(args: string[], heartbeat?: string): Promise<RunResult> {
		await mkdir(this.settings.userFolder, { recursive: true });
		return await run(this.runtime.node, [this.runtime.n8n, ...args], {
			cwd: this.settings.userFolder,
			env: this.env,
			heartbeat,
		});
	}

	async importCredentials(credentials: CredentialExport[]): Promise<void> {
		await this.withScratchFolder(async (scratch) => {
			const file = join(scratch, 'credentials.json');
			await writeFile(file, JSON.stringify(credentials, null, '\t'));
			await this.command(['import:credentials', `--input=${file}`]);
		});
	}

	/** Imports workflows in one command; each carries its own `id`, so re-importing overwrites. */
	async importWorkflows(workflows: WorkflowExport[]): Promise<void> {
		if (workflows.length === 0) return;
		await this.withScratchFolder(async (scratch) => {
			for (const workflow of workflows) {
				await writeFile(join(scratch, `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
			}
			await this.command(['import:workflow', '--separate', `--input=${scratch}`]);
		});
	}

	/** Marks a workflow as published (active), so `n8n start` runs its triggers. */
	async publishWorkflow(id: string): Promise<void> {
		await this.command(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * Starts `n8n start` in its own process group (so stopping it stops all it started). Its output
	 * goes to this terminal ('inherit') or is appended to a log file.
	 */
	startServer(output: 'inherit' | string): ChildProcess {
		const child = spawn(this.runtime.node, [this.runtime.n8n, 'start'], {
			cwd: this.settings.userFolder,
			env: this.env,
			stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (output !== 'inherit') {
			const log = createWriteStream(output, { flags: 'a' });
			child.stdout?.pipe(log);
			child.stderr?.pipe(log);
		}
		return child;
	}

	/**
	 * Waits until n8n serves its REST API (`/healthz/readiness`, then `/rest/settings`, the editor's
	 * first call, answer 200), or the server exits, or the time is up. n8n 1.x reports ready some
	 * seconds before it registers its REST routes.
	 */
	async waitUntilHealthy(server: ChildProcess, timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (const path of ['/healthz/readiness', '/rest/settings']) {
			while (!(await this.answersOk(path))) {
				if (server.exitCode !== null || server.signalCode !== null) {
					throw new Error(
						`n8n exited (${server.exitCode ?? server.signalCode}) before it was ready`,
					);
				}
				if (Date.now() > deadline) {
					throw new Error(`n8n was not ready at ${this.baseUrl} after ${timeoutMs / 1000} s`);
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}

	private async answersOk(path: string): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}${path}`, {
				signal: AbortSignal.timeout(2_000),
			});
			await response.arrayBuffer();
			return response.ok;
		} catch {
			return false; // Not listening yet.
		}
	}

	async stopServer(server: ChildProcess): Promise<void> {
		await stopGroup(server, 20_000);
	}

	private async withScratchFolder(work: (folder: string) => Promise<void>): Promise<void> {
		const scratch = await mkdtemp(join(tmpdir(), 'n8n-import-'));
		try {
			await work(scratch);
		} finally {
			await rm(scratch, { recursive: true, force: true });
		}
	}
}

/** A credential as `n8n import:credentials` reads it: plain `data`, encrypted on import. */
export interface CredentialExport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A workflow as `n8n import:workflow` reads it. */
export interface WorkflowExport {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}
