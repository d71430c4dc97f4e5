/** Shared by the Batch API tests. */
import type { BatchJob, GoogleGenAI, InlinedRequest } from '@google/genai';
import type { Simulator } from '../types';

const DONE = new Set([
	'JOB_STATE_SUCCEEDED',
	'JOB_STATE_FAILED',
	'JOB_STATE_CANCELLED',
	'JOB_STATE_EXPIRED',
]);

/** Polls ai.batches.get until the job is done, returning every state seen on the way. */
export async function waitForBatch(
	ai: GoogleGenAI,
	name: string,
	timeoutMs = 20_000,
): Promise<{ job: BatchJob; seen: string[] }> {
	const seen: string[] = [];
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const job = await ai.batches.get({ name });
		if (seen[seen.length - 1] !== job.state) seen.push(String(job.state));
		if (DONE.has(String(job.state))) return { job, seen };
		if (Date.now() > deadline) throw new Error(`${name} still ${job.state} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** An image request as the SDK takes it inline. */
export function imageRequest(text: string, key: string, imageConfig?: object): InlinedRequest {
	return {
		contents: [{ role: 'user', parts: [{ text }] }],
		config: { responseModalities: ['IMAGE'], ...(imageConfig ? { imageConfig } : {}) },
		metadata: { key },
	};
}

/** A JSONL input line in the documented form (REST names). */
export function jsonlLine(key: string, text: string, imageConfig?: object): string {
	const generationConfig = {
		responseModalities: ['IMAGE'],
		...(imageConfig ? { imageConfig } : {}),
	};
	return JSON.stringify({
		key,
		request: { contents: [{ role: 'user', parts: [{ text }] }], generationConfig },
	});
}

/** Sets a job's state through the control path. */
export async function forceBatchState(
	sim: Simulator,
	name: string,
	body: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
	const response = await fetch(`${sim.url}/__simulator/${name}/state`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}
