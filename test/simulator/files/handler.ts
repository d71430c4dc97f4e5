/**
 * The Files API, resumable protocol as @google/genai speaks it: a "start" POST answered with an
 * upload URL, then one or more "upload" POSTs of raw bytes to that URL, the last one "finalize".
 */
import { badRequest, GoogleApiError, notFound } from '../server/google-errors';
import { readBody, sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import { fileResource } from './store';
import type { SimulatorState } from '../server/state';

/** Larger than any chunk the SDK sends (8 MB); Google's per-file limit is 2 GB. */
const CHUNK_LIMIT = 512 * 1024 * 1024;
const GRANULARITY = String(8 * 1024 * 1024);

function header(ex: Exchange, name: string): string | undefined {
	const value = ex.req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function noFile(id: string): GoogleApiError {
	return new GoogleApiError(
		403,
		'PERMISSION_DENIED',
		`You do not have permission to access the File ${id} or it may not exist.`,
	);
}

export async function handleUploadStart(
	ex: Exchange,
	state: SimulatorState,
	apiVersion: string,
): Promise<void> {
	const protocol = header(ex, 'x-goog-upload-protocol');
	const command = header(ex, 'x-goog-upload-command');
	if (protocol !== 'resumable' || command !== 'start') {
		throw badRequest(
			`Unsupported upload: X-Goog-Upload-Protocol ${protocol ?? '(none)'}, X-Goog-Upload-Command ${command ?? '(none)'}. Start a resumable upload.`,
		);
	}
	const body = (await readJsonBody(ex)) as
		{ file?: { displayName?: string; mimeType?: string; name?: string } } | undefined;
	const file = body?.file ?? {};
	const mimeType = header(ex, 'x-goog-upload-header-content-type') ?? file.mimeType;
	if (!mimeType) throw badRequest('The file mime type is not specified.');
	let fileId: string | undefined;
	if (file.name !== undefined) {
		const match = /^files\/([a-z0-9-]{1,40})$/.exec(file.name);
		if (!match) throw badRequest(`Invalid file name: ${file.name}`);
		fileId = match[1];
	}
	if (state.files.refusesStart(file.displayName)) {
		throw new GoogleApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
	}
	const declared = header(ex, 'x-goog-upload-header-content-length');
	const session = state.files.startUpload({
		apiVersion,
		fileId,
		displayName: file.displayName,
		mimeType,
		declaredSize: declared === undefined ? undefined : Number(declared),
	});
	const uploadUrl = `${ex.origin}/upload/${apiVersion}/files?upload_id=${session.id}&upload_protocol=resumable`;
	sendJson(ex, 200, undefined, {
		'x-goog-upload-status': 'active',
		'x-goog-upload-url': uploadUrl,
		'x-goog-upload-control-url': uploadUrl,
		'x-goog-upload-chunk-granularity': GRANULARITY,
	});
}

/** The upload URL is itself the credential, as at Google: no API key is needed here. */
export async function handleUploadChunk(
	ex: Exchange,
	state: SimulatorState,
	uploadId: string,
): Promise<void> {
	const session = state.files.sessions.get(uploadId);
	if (!session) throw notFound('The upload session was not found or has expired.');
	const command = (header(ex, 'x-goog-upload-command') ?? '').split(',').map((c) => c.trim());
	if (command.includes('query')) {
		sendJson(ex, 200, undefined, {
			'x-goog-upload-status': 'active',
			'x-goog-upload-size-received': String(session.received),
		});
		return;
	}
	if (command.includes('cancel')) {
		state.files.sessions.delete(uploadId);
		sendJson(ex, 200, undefined, { 'x-goog-upload-status': 'cancelled' });
		return;
	}
	if (!command.includes('upload'))
		throw badRequest(`Unsupported X-Goog-Upload-Command: ${command.join(', ')}`);
	const offset = Number(header(ex, 'x-goog-upload-offset') ?? '0');
	const result = await readBody(ex.req, CHUNK_LIMIT);
	if (!result.ok) throw badRequest(`Request payload size exceeds the limit: ${CHUNK_LIMIT} bytes.`);
	if (ex.record) ex.record.bodyBytes = result.bytes.length;
	if (offset !== session.received) {
		throw badRequest(
			`Invalid X-Goog-Upload-Offset ${offset}: ${session.received} bytes were received so far.`,
		);
	}
	session.chunks.push(result.bytes);
	session.received += result.bytes.length;
	if (!command.includes('finalize')) {
		sendJson(ex, 200, undefined, { 'x-goog-upload-status': 'active' });
		return;
	}
	if (session.declaredSize !== undefined && session.declaredSize !== session.received) {
		state.files.sessions.delete(uploadId);
		throw badRequest(
			`Upload size mismatch: X-Goog-Upload-Header-Content-Length was ${session.declaredSize}, ${session.received} bytes were sent.`,
		);
	}
	const file = state.files.finish(session);
	sendJson(
		ex,
		200,
		{ file: fileResource(file, ex.origin, session.apiVersion) },
		{ 'x-goog-upload-status': 'final' },
	);
}

export function handleGetFile(
	ex: Exchange,
	state: SimulatorState,
	apiVersion: string,
	id: string,
): void {
	const file = state.files.get(id);
	if (!file) throw noFile(id);
	sendJson(ex, 200, fileResource(file, ex.origin, apiVersion));
}

export function handleDeleteFile(ex: Exchange, state: SimulatorState, id: string): void {
	if (!state.files.files.delete(id)) throw noFile(id);
	sendJson(ex, 200, {});
}

export function handleListFiles(ex: Exchange, state: SimulatorState, apiVersion: string): void {
	const files = [...state.files.files.values()].map((f) => fileResource(f, ex.origin, apiVersion));
	sendJson(ex, 200, files.length > 0 ? { files } : {});
}
