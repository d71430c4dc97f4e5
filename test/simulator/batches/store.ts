/**
 * Batch API jobs held in memory, per simulator. A job's state follows the clock: PENDING for
 * `batchPendingMs`, RUNNING for `batchRunMs` (plus the longest [sim:slow] of its requests, and
 * until its answers are built), then SUCCEEDED, or FAILED when they could not be built. Cancel
 * and the control path fix a state that the clock no longer moves. Results files are written to
 * a temporary directory, removed when the simulator closes. reset() leaves jobs alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomId } from '../files/store';
import type { SimulatorState } from '../server/state';

export const DEFAULT_BATCH_PENDING_MS = 1000;
export const DEFAULT_BATCH_RUN_MS = 2000;
/** A get or list whose body would pass this answers 504, as live ones with ~150 inline 2K images did. */
export const DEFAULT_BATCH_INLINE_GET_LIMIT_BYTES = 512 * 1024 * 1024;

export const BATCH_STATES = [
	'BATCH_STATE_PENDING',
	'BATCH_STATE_RUNNING',
	'BATCH_STATE_SUCCEEDED',
	'BATCH_STATE_FAILED',
	'BATCH_STATE_CANCELLED',
	'BATCH_STATE_EXPIRED',
] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export function isTerminal(state: BatchState): boolean {
	return state !== 'BATCH_STATE_PENDING' && state !== 'BATCH_STATE_RUNNING';
}

/** google.rpc.Status, as batch jobs and result lines carry it (gRPC code numbers). */
export interface RpcStatus {
	code: number;
	message: string;
	details?: unknown[];
}

/** A results file: generated, downloadable, on disk. */
export interface ResultsFile {
	/** 'batch-abc...' in 'files/batch-abc...'. */
	id: string;
	path: string;
	sizeBytes: number;
	/** Base64 of the hex SHA-256, as the Files API shows sha256Hash. */
	sha256Hash: string;
	createTime: string;
	expirationTime: string;
}

export interface BatchResults {
	successful: number;
	failed: number;
	/** Inline batches: one compact JSON entry ({response | error, metadata}) per request, in order. */
	inline?: Buffer[];
	file?: ResultsFile;
}

export interface BatchJob {
	/** 'abc...' in 'batches/abc...'. */
	id: string;
	/** Bare model id, as 'models/{model}' shows it. */
	model: string;
	displayName?: string;
	/** 'files/...' for a file batch. */
	inputFile?: string;
	requestCount: number;
	createdAt: number;
	pendingMs: number;
	/** Running time, the longest [sim:slow] of its requests included. */
	runMs: number;
	/** A state set by cancel or the control path, and when. */
	fixed?: { state: BatchState; at: number; error?: RpcStatus };
	results?: BatchResults;
	/** Why the answers could not be built: the job ends FAILED. */
	buildError?: RpcStatus;
	builtAt?: number;
	/** Starts drawing the answers (once; the store calls it when the job starts running). */
	build: () => Promise<void>;
}

export interface BatchView {
	state: BatchState;
	updatedAt: number;
	endedAt?: number;
	error?: RpcStatus;
	/** Only for SUCCEEDED. */
	results?: BatchResults;
}

export function batchView(job: BatchJob, now = Date.now()): BatchView {
	if (job.fixed) {
		const { state, at, error } = job.fixed;
		return {
			state,
			updatedAt: at,
			endedAt: isTerminal(state) ? at : undefined,
			error,
			results: state === 'BATCH_STATE_SUCCEEDED' ? job.results : undefined,
		};
	}
	const runStart = job.createdAt + job.pendingMs;
	if (now < runStart) return { state: 'BATCH_STATE_PENDING', updatedAt: job.createdAt };
	const plannedEnd = runStart + job.runMs;
	if (now < plannedEnd || job.builtAt === undefined || job.builtAt > now) {
		return { state: 'BATCH_STATE_RUNNING', updatedAt: runStart };
	}
	const endedAt = Math.max(plannedEnd, job.builtAt);
	if (job.buildError) {
		return { state: 'BATCH_STATE_FAILED', updatedAt: endedAt, endedAt, error: job.buildError };
	}
	return { state: 'BATCH_STATE_SUCCEEDED', updatedAt: endedAt, endedAt, results: job.results };
}

/** The simulator's state with its batch jobs. */
export type BatchesState = SimulatorState & { batches: BatchStore };

export class BatchStore {
	private readonly jobs = new Map<string, BatchJob>();
	/** Results files by id ('batch-...'); they outlive a deleted job, as files do. */
	readonly files = new Map<string, ResultsFile>();
	private dir?: string;
	/** Pending starts of running jobs, by job id. */
	private readonly starts = new Map<string, ReturnType<typeof setTimeout>>();
	closed = false;

	constructor(
		readonly pendingMs: number,
		readonly runMs: number,
		readonly inlineGetLimitBytes: number,
	) {}

	/** 36 lowercase letters and digits, as live batch ids. */
	newId(): string {
		let id = randomId(36);
		while (this.jobs.has(id)) id = randomId(36);
		return id;
	}

	/** Keeps a job and starts drawing its answers when it leaves PENDING. */
	add(job: BatchJob): BatchJob {
		this.jobs.set(job.id, job);
		const timer = setTimeout(() => {
			this.starts.delete(job.id);
			void job.build();
		}, job.pendingMs);
		timer.unref();
		this.starts.set(job.id, timer);
		return job;
	}

	private unschedule(id: string): void {
		clearTimeout(this.starts.get(id));
		this.starts.delete(id);
	}

	get(id: string): BatchJob | undefined {
		return this.jobs.get(id);
	}

	/** Newest first. */
	list(): BatchJob[] {
		return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
	}

	delete(id: string): boolean {
		this.unschedule(id);
		return this.jobs.delete(id);
	}

	forgetAll(): number {
		const count = this.jobs.size;
		for (const id of this.jobs.keys()) this.unschedule(id);
		this.jobs.clear();
		return count;
	}

	fix(job: BatchJob, state: BatchState, error?: RpcStatus): void {
		if (isTerminal(state)) this.unschedule(job.id);
		job.fixed = { state, at: Date.now(), error };
	}

	/** Where results files go; made on first use. */
	resultsDir(): string {
		this.dir ??= mkdtempSync(join(tmpdir(), 'gemini-simulator-batches-'));
		return this.dir;
	}

	/** Stops building answers and removes the results files. */
	stop(): void {
		this.closed = true;
		for (const id of [...this.starts.keys()]) this.unschedule(id);
		if (this.dir) rmSync(this.dir, { recursive: true, force: true });
		this.dir = undefined;
		this.files.clear();
	}
}
