/**
 * Test-only paths over the Batch API's jobs (reset() leaves them alone):
 *   GET    /__simulator/batches               [{name, model, displayName, state, requestCount, ...}]
 *   DELETE /__simulator/batches               forgets them all: {"forgotten": N}
 *   POST   /__simulator/batches/{id}/state    {"state": "SUCCEEDED"} (or BATCH_STATE_*, JOB_STATE_*;
 *          PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED), FAILED with an optional
 *          "error": {code, message}: the job is in that state from now on, whatever the clock says.
 *          SUCCEEDED waits until the job's answers are built. Answers the job's summary.
 */
import {
	BATCH_STATES,
	batchView,
	type BatchesState,
	type BatchJob,
	type BatchState,
	type RpcStatus,
} from './store';
import { nanoTime } from './resource';
import { badRequest, methodNotFound, notFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';

/** What FAILED carries when the control path gives no error. */
export const DEFAULT_BATCH_ERROR: RpcStatus = {
	code: 13,
	message: 'The batch failed: an internal error has occurred.',
};

export interface BatchSummary {
	name: string;
	model: string;
	displayName?: string;
	state: BatchState;
	source: 'inline' | 'file';
	inputFile?: string;
	requestCount: number;
	createTime: string;
	responsesFile?: string;
	error?: RpcStatus;
}

export function batchSummary(job: BatchJob): BatchSummary {
	const view = batchView(job);
	const summary: BatchSummary = {
		name: `batches/${job.id}`,
		model: `models/${job.model}`,
		displayName: job.displayName,
		state: view.state,
		source: job.inputFile ? 'file' : 'inline',
		inputFile: job.inputFile,
		requestCount: job.requestCount,
		createTime: nanoTime(job.createdAt, job.id),
	};
	if (view.results?.file) summary.responsesFile = `files/${view.results.file.id}`;
	if (view.error) summary.error = view.error;
	return summary;
}

function stateNamed(value: unknown): BatchState {
	const name = typeof value === 'string' ? value.replace(/^(BATCH|JOB)_STATE_/, '') : '';
	const state = `BATCH_STATE_${name}` as BatchState;
	if (!BATCH_STATES.includes(state)) {
		throw badRequest(
			`Unknown batch state ${JSON.stringify(value)}. Known: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED.`,
		);
	}
	return state;
}

function errorGiven(value: unknown): RpcStatus {
	if (value === undefined) return DEFAULT_BATCH_ERROR;
	const error = value as Partial<RpcStatus>;
	if (typeof error !== 'object' || typeof error.message !== 'string') {
		throw badRequest('"error" takes {"code": 13, "message": "..."}.');
	}
	return { code: typeof error.code === 'number' ? error.code : 13, message: error.message };
}

async function forceState(ex: Exchange, state: BatchesState, id: string): Promise<void> {
	const job = state.batches.get(id);
	if (!job) throw notFound(`No batch batches/${id} is held.`);
	const body = ((await readJsonBody(ex)) ?? {}) as { state?: unknown; error?: unknown };
	const wanted = stateNamed(body.state);
	if (wanted === 'BATCH_STATE_SUCCEEDED') {
		await job.build();
		if (!job.results) {
			throw badRequest(
				`batches/${id} has no answers to succeed with: ${job.buildError?.message ?? 'it was stopped'}.`,
			);
		}
	}
	const error = wanted === 'BATCH_STATE_FAILED' ? errorGiven(body.error) : undefined;
	state.batches.fix(job, wanted, error);
	sendJson(ex, 200, batchSummary(job));
}

export async function handleBatchControl(ex: Exchange, state: BatchesState): Promise<void> {
	const path = ex.url.pathname;
	const method = ex.req.method ?? 'GET';
	const force = /^\/__simulator\/batches\/(?:batches\/)?([^/]+)\/state$/.exec(path);
	if (path === '/__simulator/batches' && method === 'GET') {
		sendJson(ex, 200, state.batches.list().map(batchSummary));
	} else if (path === '/__simulator/batches' && method === 'DELETE') {
		sendJson(ex, 200, { forgotten: state.batches.forgetAll() });
	} else if (force && method === 'POST') {
		await forceState(ex, state, decodeURIComponent(force[1]));
	} else {
		throw methodNotFound();
	}
}
