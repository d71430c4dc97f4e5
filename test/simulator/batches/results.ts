/**
 * Answers every request of a batch through generateContent's own pipeline (generate/generation.ts): the
 * same checks, markers, images and signatures. A request that fails a check or asks for an error
 * ([sim:400], [sim:429], ...) becomes that entry's google.rpc.Status; the others get the full
 * answer at live size. Inline answers are kept in request order; file answers are streamed to a
 * JSONL file on disk, in an order shuffled per job, one line at a time.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { BatchEntry } from './request';
import type { BatchJob, BatchResults, BatchesState, BatchStore, RpcStatus } from './store';
import {
	answerGeneration,
	generationDelayMs,
	generationError,
	prepareGeneration,
	transportFault,
	type Generation,
} from '../generate/generation';
import { GoogleApiError, internalError, type GoogleStatus } from '../server/google-errors';
import type { ModelSpec } from '../models/table';

const GRPC_CODES: Record<GoogleStatus, number> = {
	INVALID_ARGUMENT: 3,
	DEADLINE_EXCEEDED: 4,
	NOT_FOUND: 5,
	PERMISSION_DENIED: 7,
	RESOURCE_EXHAUSTED: 8,
	FAILED_PRECONDITION: 9,
	INTERNAL: 13,
	UNAVAILABLE: 14,
	UNAUTHENTICATED: 16,
};

export function rpcStatus(error: GoogleApiError): RpcStatus {
	const status: RpcStatus = { code: GRPC_CODES[error.status], message: error.message };
	if (error.details && error.details.length > 0) status.details = error.details;
	return status;
}

/** A request after its checks: what to answer with. */
export interface PreparedEntry {
	key?: string;
	metadata?: unknown;
	generation?: Generation;
	error?: RpcStatus;
}

/**
 * Runs every check and reads every marker now, in request order (fail-first counts them as they
 * arrive), so the job knows its line errors and its longest [sim:slow] before any image is drawn.
 */
export function prepareEntries(
	state: BatchesState,
	model: ModelSpec,
	entries: BatchEntry[],
): { prepared: PreparedEntry[]; slowMs: number } {
	let slowMs = 0;
	const prepared = entries.map((entry): PreparedEntry => {
		const base = { key: entry.key, metadata: entry.metadata };
		if (entry.problem) return { ...base, error: rpcStatus(entry.problem) };
		try {
			const generation = prepareGeneration(state, entry.request ?? {}, model);
			slowMs = Math.max(slowMs, generationDelayMs(generation));
			// A batch has no connection of its own to drop or cut: a transport marker is an internal error.
			const error = generationError(generation) ?? (transportFault(generation) && internalError());
			return error ? { ...base, error: rpcStatus(error) } : { ...base, generation };
		} catch (error) {
			if (error instanceof GoogleApiError) return { ...base, error: rpcStatus(error) };
			throw error;
		}
	});
	return { prepared, slowMs };
}

type Outcome = { response: Record<string, unknown> } | { error: RpcStatus };

async function answer(entry: PreparedEntry, state: BatchesState): Promise<Outcome> {
	// Between two answers the server serves polls, as Google's does while a batch runs.
	await new Promise((resolve) => setImmediate(resolve));
	if (!entry.generation) return { error: entry.error ?? rpcStatus(internalError()) };
	return { response: await answerGeneration(entry.generation, state) };
}

/** Stops drawing when the simulator closes or the job is cancelled or deleted. */
function stopped(store: BatchStore, job: BatchJob): void {
	if (store.closed || store.get(job.id) !== job || job.fixed?.state === 'BATCH_STATE_CANCELLED') {
		throw new Error('The batch stopped.');
	}
}

/** A permutation of 0..n-1 seeded by the job id; never the identity when n > 1. */
export function shuffledOrder(n: number, seed: string): number[] {
	const digest = createHash('sha256').update(seed).digest();
	let x = digest.readUInt32LE(0) || 1;
	const next = (): number => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 0x100000000;
	};
	const order = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	if (n > 1 && order.every((v, i) => v === i)) order.push(order.shift() as number);
	return order;
}

async function buildInline(
	job: BatchJob,
	prepared: PreparedEntry[],
	state: BatchesState,
): Promise<BatchResults> {
	const inline: Buffer[] = [];
	let successful = 0;
	for (const entry of prepared) {
		const outcome = await answer(entry, state);
		stopped(state.batches, job);
		if ('response' in outcome) successful++;
		const item = entry.metadata === undefined ? outcome : { ...outcome, metadata: entry.metadata };
		inline.push(Buffer.from(JSON.stringify(item)));
	}
	return { successful, failed: prepared.length - successful, inline };
}

async function buildFile(
	job: BatchJob,
	prepared: PreparedEntry[],
	state: BatchesState,
): Promise<BatchResults> {
	const store = state.batches;
	const id = `batch-${job.id}`;
	const path = join(store.resultsDir(), `${id}.jsonl`);
	const out = createWriteStream(path);
	const hash = createHash('sha256');
	let sizeBytes = 0;
	let successful = 0;
	try {
		for (const index of shuffledOrder(prepared.length, job.id)) {
			const entry = prepared[index];
			const outcome = await answer(entry, state);
			stopped(store, job);
			if ('response' in outcome) successful++;
			const line = Buffer.from(`${JSON.stringify({ ...outcome, key: entry.key })}\n`);
			hash.update(line);
			sizeBytes += line.length;
			if (!out.write(line)) await once(out, 'drain');
		}
	} finally {
		out.end();
		await once(out, 'close');
	}
	const now = Date.now();
	const file = {
		id,
		path,
		sizeBytes,
		sha256Hash: Buffer.from(hash.digest('hex')).toString('base64'),
		createTime: new Date(now).toISOString(),
		expirationTime: new Date(now + 48 * 60 * 60 * 1000).toISOString(),
	};
	store.files.set(id, file);
	return { successful, failed: prepared.length - successful, file };
}

/** Builds the job's answers in the background; the job turns FAILED if that goes wrong. */
export async function buildResults(
	job: BatchJob,
	prepared: PreparedEntry[],
	state: BatchesState,
): Promise<void> {
	try {
		job.results = job.inputFile
			? await buildFile(job, prepared, state)
			: await buildInline(job, prepared, state);
	} catch (error) {
		job.buildError = rpcStatus(error instanceof GoogleApiError ? error : internalError());
	}
	job.builtAt = Date.now();
}
