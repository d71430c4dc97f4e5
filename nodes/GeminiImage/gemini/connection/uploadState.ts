import type { File as GeminiFile } from '@google/genai';

import { sleep } from './wait';

/**
 * An upload Google took but did not make usable: FAILED (retrying sends the same bytes, so it
 * is not retried), or still PROCESSING when the wait ran out (a retry may find it ready).
 */
export class FileUploadError extends Error {
	name = 'FileUploadError';

	constructor(
		message: string,
		readonly retryable: boolean,
		/** The file's type: a video or PDF that failed needs other advice than an image. */
		readonly mimeType?: string,
	) {
		super(message);
	}
}

export interface ReadinessPolls {
	get(name: string): Promise<GeminiFile>;
	/** How long to wait for PROCESSING to end. */
	deadlineMs: number;
	stop?: AbortSignal;
}

const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2000;

/** Polls a new file until it is ACTIVE; only an ACTIVE file with a URI is ever used. */
export async function waitUntilActive(
	uploaded: GeminiFile,
	displayName: string,
	polls: ReadinessPolls,
): Promise<GeminiFile> {
	const started = Date.now();
	let file = uploaded;
	for (let interval = FIRST_POLL_MS; file.state === 'PROCESSING';) {
		if (polls.stop?.aborted || Date.now() - started + interval > polls.deadlineMs) break;
		await sleep(interval, polls.stop);
		if (polls.stop?.aborted) break;
		file = await polls.get(file.name ?? '');
		interval = Math.min(LONGEST_POLL_MS, interval * 2);
	}
	if (file.state === 'FAILED') {
		const why = file.error?.message ? `: ${file.error.message}` : '';
		throw new FileUploadError(
			`the Files API could not process ${displayName}${why}`,
			false,
			file.mimeType ?? uploaded.mimeType,
		);
	}
	if (file.state === 'PROCESSING') {
		const seconds = Math.round((Date.now() - started) / 1000);
		throw new FileUploadError(
			`the Files API was still processing ${displayName} after ${seconds} s`,
			true,
			file.mimeType ?? uploaded.mimeType,
		);
	}
	// No state (an endpoint that does not say) is taken as ready, as the SDK takes it.
	if (!file.uri || (file.state !== undefined && file.state !== 'ACTIVE')) {
		throw new FileUploadError(
			`the Files API gave ${displayName} no usable URI (state ${String(file.state)})`,
			false,
		);
	}
	return file;
}
