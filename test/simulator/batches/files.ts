/**
 * Results files of file batches ('files/batch-{job id}'), generated and so downloadable:
 *   GET    /{v}/files/{id}:download?alt=media and /download/{v}/files/{id}:download?alt=media
 *          the JSONL bytes, streamed from disk (what ai.files.download fetches)
 *   GET    /{v}/files/batch-...   the File resource (source GENERATED, with downloadUri)
 *   DELETE /{v}/files/batch-...   {}
 * A results file shows once its job has SUCCEEDED (and stays when the job is deleted). Files
 * that were uploaded cannot be downloaded, as at Google.
 */
import { createReadStream } from 'node:fs';
import { batchView, type BatchesState, type ResultsFile } from './store';
import { badRequest, GoogleApiError } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';

function noFile(id: string): GoogleApiError {
	return new GoogleApiError(
		403,
		'PERMISSION_DENIED',
		`You do not have permission to access the File ${id} or it may not exist.`,
	);
}

/** The results file with this id, if its job has finished with it. */
export function resultsFile(state: BatchesState, id: string): ResultsFile | undefined {
	const file = state.batches.files.get(id);
	if (!file) return undefined;
	const job = state.batches.get(id.slice('batch-'.length));
	if (job && batchView(job).state !== 'BATCH_STATE_SUCCEEDED') return undefined;
	return file;
}

export function resultsFileResource(
	file: ResultsFile,
	origin: string,
	apiVersion: string,
): Record<string, unknown> {
	return {
		name: `files/${file.id}`,
		mimeType: 'application/jsonl',
		sizeBytes: String(file.sizeBytes),
		createTime: file.createTime,
		updateTime: file.createTime,
		expirationTime: file.expirationTime,
		sha256Hash: file.sha256Hash,
		uri: `${origin}/${apiVersion}/files/${file.id}`,
		downloadUri: `${origin}/download/${apiVersion}/files/${file.id}:download?alt=media`,
		state: 'ACTIVE',
		source: 'GENERATED',
	};
}

/** GET files/batch-...: the generated file's resource; false when it is not one (an upload). */
export function handleGetResultsFile(
	ex: Exchange,
	state: BatchesState,
	apiVersion: string,
	id: string,
): boolean {
	const file = resultsFile(state, id);
	if (!file) return false;
	sendJson(ex, 200, resultsFileResource(file, ex.origin, apiVersion));
	return true;
}

/** DELETE files/batch-...; false when it is not a results file. */
export function handleDeleteResultsFile(ex: Exchange, state: BatchesState, id: string): boolean {
	if (!resultsFile(state, id)) return false;
	state.batches.files.delete(id);
	sendJson(ex, 200, {});
	return true;
}

export async function handleDownloadFile(
	ex: Exchange,
	state: BatchesState,
	id: string,
): Promise<void> {
	const file = resultsFile(state, id);
	if (!file) {
		if (state.files.files.has(id)) {
			throw badRequest(
				`Only generated files can be downloaded; files/${id} was uploaded (source UPLOADED).`,
			);
		}
		throw noFile(id);
	}
	if (ex.signal.aborted || ex.res.headersSent) return;
	ex.res.writeHead(200, {
		'content-type': 'application/jsonl',
		'content-length': String(file.sizeBytes),
	});
	const stream = createReadStream(file.path);
	ex.signal.addEventListener('abort', () => stream.destroy(), { once: true });
	await new Promise<void>((resolve) => {
		stream.on('error', () => {
			ex.res.destroy();
			resolve();
		});
		ex.res.on('finish', resolve);
		ex.res.on('close', resolve);
		stream.pipe(ex.res);
	});
	if (ex.record && ex.res.writableFinished) ex.record.status = 200;
}
