import { shortState } from './lines';

/**
 * A batch job as the node shows it, read from the API's long-running operation (its
 * metadata is the GenerateContentBatch). Read from the raw JSON: the SDK drops the counts and
 * the error. Defensive: any shape gives a view, unknown fields left out. Pure.
 */
export interface BatchJobView {
	name: string;
	displayName?: string;
	/** pending, running, succeeded, failed, cancelled, expired. */
	state: string;
	model?: string;
	createTime?: string;
	updateTime?: string;
	endTime?: string;
	requestCount?: number;
	succeededCount?: number;
	failedCount?: number;
	pendingCount?: number;
	/** The JSONL file of answers, once succeeded (file batches). */
	resultsFile?: string;
	error?: { code?: number; message: string };
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** Counts come as int64 strings, zero counts left out. */
const count = (value: unknown) => {
	const number = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
	return Number.isFinite(number) && number >= 0 ? number : undefined;
};

export function readBatchJob(raw: unknown): BatchJobView {
	const operation = isJson(raw) ? raw : {};
	const metadata = isJson(operation.metadata) ? operation.metadata : operation;
	const stats = isJson(metadata.batchStats) ? metadata.batchStats : {};
	const output = isJson(metadata.output) ? metadata.output : {};
	const error = isJson(operation.error) ? operation.error : undefined;
	const requestCount = count(stats.requestCount);
	const view: BatchJobView = {
		name: text(operation.name) ?? text(metadata.name) ?? '',
		displayName: text(metadata.displayName),
		state: shortState(metadata.state),
		model: text(metadata.model)?.replace(/^models\//, ''),
		createTime: text(metadata.createTime),
		updateTime: text(metadata.updateTime),
		endTime: text(metadata.endTime),
		requestCount,
		succeededCount:
			count(stats.successfulRequestCount) ?? (requestCount === undefined ? undefined : 0),
		failedCount: count(stats.failedRequestCount) ?? (requestCount === undefined ? undefined : 0),
		pendingCount: count(stats.pendingRequestCount) ?? (requestCount === undefined ? undefined : 0),
		resultsFile: text(output.responsesFile),
		error: error
			? { code: count(error.code), message: text(error.message) ?? 'the job failed' }
			: undefined,
	};
	return Object.fromEntries(
		Object.entries(view).filter(([, value]) => value !== undefined),
	) as unknown as BatchJobView;
}
