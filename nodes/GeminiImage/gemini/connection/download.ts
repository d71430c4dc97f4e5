import type { GeminiConnection } from './endpoint';
import { EndpointError, megabytes } from './endpointError';
import { MAX_ERROR_BODY_BYTES, MAX_RESPONSE_BYTES } from './guardedFetch';

/**
 * Reads a generated file (a batch's JSONL answers) line by line as it arrives: one line in
 * memory at a time, never the whole file. The same guard as every other request: the Base
 * URL's origin only, redirects refused, each line bounded, a stall ended by the timeout, no
 * more lines than the job has requests.
 */
export interface LineReadLimits {
	/** Lines read at most (the job's request count): a flood stops there. */
	maxLines: number;
	/** Longest wait for the next bytes. */
	idleTimeoutMs: number;
	stop?: AbortSignal;
}

/** Google's download URL of a file: `files/abc` -> /download/v1beta/files/abc:download. */
export function downloadUrl(connection: GeminiConnection, fileName: string): string {
	const id = fileName.replace(/^files\//, '');
	if (!/^[A-Za-z0-9_-]+$/.test(id)) {
		throw new EndpointError(
			`the results file is named ${JSON.stringify(fileName.slice(0, 80))}, which is not a file name the Files API gives`,
			'Check what answers at the Base URL.',
		);
	}
	return `${connection.baseUrl}/download/${connection.apiVersion}/files/${id}:download?alt=media`;
}

async function errorOf(response: Response): Promise<Error> {
	const bytes = Buffer.from(await response.arrayBuffer()).subarray(0, MAX_ERROR_BODY_BYTES);
	// Shaped as the SDK's errors are, so classifyApiError reads Google's JSON in it.
	return Object.assign(new Error(`${response.status} ${bytes.toString('utf8')}`), {
		status: response.status,
	});
}

export async function readFileLines(
	connection: GeminiConnection,
	fileName: string,
	limits: LineReadLimits,
	onLine: (line: string) => Promise<void>,
): Promise<number> {
	const url = downloadUrl(connection, fileName);
	const idle = new AbortController();
	const signal = limits.stop ? AbortSignal.any([idle.signal, limits.stop]) : idle.signal;
	let timer = setTimeout(() => idle.abort(), limits.idleTimeoutMs);
	const rearm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => idle.abort(), limits.idleTimeoutMs);
	};
	try {
		const response = await fetch(url, {
			headers: { 'x-goog-api-key': connection.apiKey },
			redirect: 'manual',
			signal,
		});
		if (response.status >= 300 && response.status < 400) {
			await response.body?.cancel().catch(() => undefined);
			throw new EndpointError(
				`the endpoint answered HTTP ${response.status} with a redirect for the results file; redirects are not followed, so nothing (the API key included) was sent there`,
				'Set the Base URL to the address that really serves the API, if you trust it.',
			);
		}
		if (!response.ok || !response.body) throw await errorOf(response);
		const reader = response.body.getReader();
		let pending: Buffer[] = [];
		let pendingBytes = 0;
		let lines = 0;
		const emit = async (bytes: Buffer) => {
			const line = bytes.toString('utf8').trim();
			if (!line) return;
			if (++lines > limits.maxLines) {
				throw new EndpointError(
					`the results file holds more lines than the job has requests (${limits.maxLines})`,
					'Check what answers at the Base URL.',
				);
			}
			await onLine(line);
		};
		for (;;) {
			const { done, value } = await reader.read();
			rearm();
			if (done) break;
			let chunk = Buffer.from(value);
			for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10)) {
				pending.push(chunk.subarray(0, end));
				await emit(Buffer.concat(pending));
				pending = [];
				pendingBytes = 0;
				chunk = chunk.subarray(end + 1);
			}
			pending.push(chunk);
			pendingBytes += chunk.length;
			if (pendingBytes > MAX_RESPONSE_BYTES) {
				await reader.cancel().catch(() => undefined);
				throw new EndpointError(
					`a line of the results file is larger than ${megabytes(MAX_RESPONSE_BYTES)}, the most the node reads`,
					'A real answer is under 10 MB even at 4K: check what answers at the Base URL.',
				);
			}
		}
		if (pendingBytes > 0) await emit(Buffer.concat(pending));
		return lines;
	} finally {
		clearTimeout(timer);
	}
}
