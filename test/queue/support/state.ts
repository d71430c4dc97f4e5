import type { CredentialReference } from '../../../scripts/n8n/examples';
import { N8nInstance } from '../../../scripts/n8n/n8n-instance';
import type { N8nRuntime } from '../../../scripts/n8n/runtime';
import { queueEnvironment, type QueueSettings } from '../../../scripts/queue/n8n-queue';
import { RestSession } from '../../e2e/support/rest-session';
import { loadSuiteState, recordCaseResult, type CaseResult } from '../../support/suite';

export type { CaseResult };

export interface ProcessState {
	name: string;
	pid: number;
	logFile: string;
	userFolder: string;
	port: number;
	brokerPort: number;
}

export interface WorkerState extends ProcessState {
	healthPort: number;
	concurrency: number;
}

/** What the global setup started, handed to every case through a JSON file. */
export interface QueueState {
	root: string;
	runtime: N8nRuntime;
	/** The only folder workflows may write to (`N8N_RESTRICT_FILE_ACCESS_TO`). */
	filesFolder: string;
	logFolder: string;
	/** One JSON line per measured result, printed at the end. */
	resultsFile: string;
	queue: QueueSettings;
	/** Environment every n8n process gets on top of the queue settings. */
	sharedEnv: Record<string, string>;
	main: ProcessState;
	workers: WorkerState[];
	simulator: { baseUrl: string; apiKey: string; latencyMs: number; pid: number };
	credential: CredentialReference;
	owner: { email: string; password: string };
	redis: { port: number; pid: number };
	postgres: { port: number; pid: number };
}

export const STATE_ENV = 'GEMINI_IMAGE_QUEUE_STATE';

export function loadState(): QueueState {
	return loadSuiteState<QueueState>(STATE_ENV, 'npm run test:queue');
}

/** The n8n of one process (main or a worker): its environment, for CLI commands and starting. */
export function n8nFor(
	state: Pick<QueueState, 'runtime' | 'filesFolder' | 'queue' | 'sharedEnv'>,
	process: Omit<ProcessState, 'pid' | 'logFile' | 'name'>,
	extraEnv: NodeJS.ProcessEnv = {},
): N8nInstance {
	return new N8nInstance(state.runtime, {
		userFolder: process.userFolder,
		filesFolder: state.filesFolder,
		port: process.port,
		brokerPort: process.brokerPort,
		extraEnv: { ...queueEnvironment(state.queue), ...state.sharedEnv, ...extraEnv },
	});
}

export function mainUrl(state: QueueState): string {
	return `http://127.0.0.1:${state.main.port}`;
}

/** Logged in to the main's REST API as the owner the global setup created. */
export async function ownerSession(state: QueueState): Promise<RestSession> {
	const rest = new RestSession(mainUrl(state));
	await rest.request('POST', '/rest/login', {
		emailOrLdapLoginId: state.owner.email,
		password: state.owner.password,
	});
	return rest;
}

/** The seconds since `startedAt` (a `Date.now()`), to a tenth: a case's time in its result. */
export function secondsSince(startedAt: number): number {
	return Math.round((Date.now() - startedAt) / 100) / 10;
}

/** Keeps a figure for the summary the global teardown prints. */
export function recordResult(state: QueueState, result: CaseResult): void {
	recordCaseResult(state.resultsFile, result);
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
