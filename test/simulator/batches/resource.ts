/**
 * A batch job as the API shows it: a long-running Operation whose metadata is the
 * GenerateContentBatch, as live answers have it (field order included):
 *   {name, metadata: {'@type', model, displayName, inputConfig (file batches), output,
 *    createTime, endTime, updateTime, batchStats, state, name}, done, response | error}
 * batchStats counts are int64 strings and zero counts are left out. A SUCCEEDED job carries its
 * output twice, in metadata.output and in response (so each inline image comes twice, as live).
 * Inline answers are written from their stored bytes, never joined into one string.
 */
import { batchView, isTerminal, type BatchJob, type BatchView } from './store';
import { deadlineExceeded } from '../server/google-errors';
import { JSON_TYPE, type Exchange } from '../server/http-util';

const BATCH_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';
const OUTPUT_TYPE =
	'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput';

/** RFC 3339 with nanoseconds, as Google writes batch times; the extra digits are stable per job and ms. */
export function nanoTime(ms: number, jobId: string): string {
	let hash = 0;
	for (const c of `${jobId}:${ms}`) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
	const extra = String(hash % 1_000_000).padStart(6, '0');
	return `${new Date(ms).toISOString().slice(0, -1)}${extra}Z`;
}

/** Stands for a list of stored JSON entries inside a document until it is written out. */
export class Slots {
	readonly lists: Buffer[][] = [];

	token(list: Buffer[]): string {
		this.lists.push(list);
		return `\u0000batch-slot:${this.lists.length - 1}`;
	}
}

function batchStats(job: BatchJob, view: BatchView): Record<string, string> {
	const stats: Record<string, string> = { requestCount: String(job.requestCount) };
	const put = (name: string, count: number): void => {
		if (count > 0) stats[name] = String(count);
	};
	if (view.state === 'BATCH_STATE_SUCCEEDED' && view.results) {
		put('successfulRequestCount', view.results.successful);
		put('failedRequestCount', view.results.failed);
	} else if (view.state === 'BATCH_STATE_FAILED') {
		put('failedRequestCount', job.requestCount);
	} else {
		put('pendingRequestCount', job.requestCount);
	}
	return stats;
}

function output(view: BatchView, slots: Slots): Record<string, unknown> | undefined {
	const results = view.results;
	if (!results) return undefined;
	if (results.file) return { responsesFile: `files/${results.file.id}` };
	return { inlinedResponses: { inlinedResponses: [slots.token(results.inline ?? [])] } };
}

/** The Operation for a job as it stands now. */
export function batchOperation(
	job: BatchJob,
	slots: Slots,
	now = Date.now(),
): Record<string, unknown> {
	const view = batchView(job, now);
	const name = `batches/${job.id}`;
	const metadata: Record<string, unknown> = { '@type': BATCH_TYPE, model: `models/${job.model}` };
	if (job.displayName !== undefined) metadata.displayName = job.displayName;
	if (job.inputFile) metadata.inputConfig = { fileName: job.inputFile };
	const out = output(view, slots);
	if (out) metadata.output = out;
	metadata.createTime = nanoTime(job.createdAt, job.id);
	if (view.endedAt !== undefined) metadata.endTime = nanoTime(view.endedAt, job.id);
	metadata.updateTime = nanoTime(view.updatedAt, job.id);
	metadata.batchStats = batchStats(job, view);
	metadata.state = view.state;
	metadata.name = name;
	const operation: Record<string, unknown> = { name, metadata };
	if (isTerminal(view.state)) operation.done = true;
	if (view.error) operation.error = view.error;
	const response = out && output(view, slots);
	if (response) operation.response = { '@type': OUTPUT_TYPE, ...response };
	return operation;
}

const SLOT = /"\\u0000batch-slot:(\d+)"/g;

/**
 * Sends a JSON document whose slot tokens stand for stored entries, writing those entries one
 * by one. Past `limit` bytes it answers 504, as Google's front end did for bodies that large.
 */
export async function sendWithSlots(
	ex: Exchange,
	document: unknown,
	slots: Slots,
	limit: number,
): Promise<void> {
	const text = JSON.stringify(document, null, 2);
	const pieces: Array<string | Buffer> = [];
	let last = 0;
	for (const match of text.matchAll(SLOT)) {
		pieces.push(text.slice(last, match.index));
		slots.lists[Number(match[1])].forEach((entry, i) => {
			if (i > 0) pieces.push(',');
			pieces.push(entry);
		});
		last = (match.index ?? 0) + match[0].length;
	}
	pieces.push(text.slice(last));
	const length = pieces.reduce(
		(sum, p) => sum + (typeof p === 'string' ? Buffer.byteLength(p) : p.length),
		0,
	);
	if (length > limit) throw deadlineExceeded();
	if (ex.signal.aborted || ex.res.headersSent) return;
	ex.res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(length) });
	for (const piece of pieces) {
		if (ex.signal.aborted) return;
		if (!ex.res.write(piece)) {
			await new Promise<void>((resolve) => {
				const done = (): void => {
					ex.res.off('drain', done);
					ex.signal.removeEventListener('abort', done);
					resolve();
				};
				ex.res.once('drain', done);
				ex.signal.addEventListener('abort', done, { once: true });
			});
		}
	}
	ex.res.end();
	if (ex.record) ex.record.status = 200;
}
