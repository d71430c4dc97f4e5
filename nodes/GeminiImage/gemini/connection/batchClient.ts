import type { GoogleGenAI } from '@google/genai';

import type { BatchJobView } from '../batch/job';
import { readBatchJob } from '../batch/job';
import type { BatchWebhook } from '../batch/webhook';
import type { LineReadLimits } from './download';
import { readFileLines } from './download';
import type { GeminiConnection } from './endpoint';
import type { FetchGuard } from './guardedFetch';
import { guardedFetch } from './guardedFetch';

/** The Batch API's calls, and the reading of the files it writes. */
export interface BatchMethods {
	/** A batch job reading the requests of an uploaded JSONL file; Google calls `webhook` at its end. */
	createBatch(
		model: string,
		fileName: string,
		displayName: string,
		webhook?: BatchWebhook,
	): Promise<BatchJobView>;
	getBatch(name: string): Promise<BatchJobView>;
	/** The newest jobs, first page only. */
	listBatches(pageSize: number): Promise<BatchJobView[]>;
	cancelBatch(name: string): Promise<void>;
	/** A generated file's lines, each handed over as it arrives; answers the line count. */
	readFileLines(
		fileName: string,
		limits: Omit<LineReadLimits, 'stop'>,
		onLine: (line: string) => Promise<void>,
	): Promise<number>;
}

/** The last raw body a call answered: the SDK drops a job's counts and error, so read them raw. */
function capture(guard: FetchGuard) {
	let raw: unknown;
	return {
		httpOptions: { fetch: guardedFetch(guard, (body) => (raw = body)) },
		get raw() {
			return raw;
		},
	};
}

/** The Batch API's calls of the client, through the same guard as every other. */
export function batchMethods(
	ai: GoogleGenAI,
	guard: FetchGuard,
	connection: GeminiConnection,
	stop?: AbortSignal,
): BatchMethods {
	return {
		async createBatch(model, fileName, displayName, webhook): Promise<BatchJobView> {
			const call = capture(guard);
			await ai.batches.create({
				model,
				src: fileName,
				config: {
					displayName,
					...(webhook ? { webhookConfig: webhook } : {}),
					httpOptions: call.httpOptions,
				},
			});
			return readBatchJob(call.raw);
		},
		async getBatch(name) {
			const call = capture(guard);
			await ai.batches.get({ name, config: { httpOptions: call.httpOptions } });
			return readBatchJob(call.raw);
		},
		async listBatches(pageSize) {
			const call = capture(guard);
			await ai.batches.list({ config: { pageSize, httpOptions: call.httpOptions } });
			const operations = (call.raw as { operations?: unknown } | undefined)?.operations;
			return Array.isArray(operations) ? operations.map(readBatchJob) : [];
		},
		async cancelBatch(name) {
			await ai.batches.cancel({ name });
		},
		readFileLines: (fileName, limits, onLine) =>
			readFileLines(connection, fileName, { ...limits, stop }, onLine),
	};
}
