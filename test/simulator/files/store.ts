/** Uploaded files and open resumable upload sessions, held in memory (Google keeps files 48 h). */
import { createHash, randomBytes } from 'node:crypto';

import { badRequest } from '../server/google-errors';

export type FileState = 'PROCESSING' | 'ACTIVE' | 'FAILED';

/**
 * How an uploaded file gets ready, steered by markers in its displayName, as prompts steer
 * generateContent: "[sim:processing=2]" answers PROCESSING to the first 2 GETs of the file,
 * "[sim:upload-failed]" ends in FAILED instead of ACTIVE. A file with either is PROCESSING when
 * its upload is finalized; one with neither is ACTIVE at once. "[sim:upload-unavailable=N]"
 * answers 503 UNAVAILABLE to the first N upload starts of a file of that name.
 */
export interface FileLifecycle {
	processingGets: number;
	fails: boolean;
	unavailableStarts: number;
}

const FILE_MARKER = /\[sim:([a-z0-9-]+)(?:=([^\]]*))?\]/g;

export function parseFileLifecycle(displayName: string | undefined): FileLifecycle {
	const lifecycle: FileLifecycle = { processingGets: 0, fails: false, unavailableStarts: 0 };
	for (const [marker, name, value] of (displayName ?? '').matchAll(FILE_MARKER)) {
		if (name === 'processing' && value !== undefined && /^\d+$/.test(value)) {
			lifecycle.processingGets = Number(value);
		} else if (name === 'upload-failed' && value === undefined) {
			lifecycle.fails = true;
		} else if (name === 'upload-unavailable' && value !== undefined && /^\d+$/.test(value)) {
			lifecycle.unavailableStarts = Number(value);
		} else {
			throw badRequest(
				`Unknown simulator marker ${marker} in the file's displayName. Known file markers: [sim:processing=N] [sim:upload-failed] [sim:upload-unavailable=N]`,
			);
		}
	}
	return lifecycle;
}

export interface StoredFile {
	/** 'abc123' in 'files/abc123'. */
	id: string;
	displayName?: string;
	mimeType: string;
	bytes: Buffer;
	createTime: string;
	expirationTime: string;
	/** What the next GET of the file answers is decided by this, and uses it up. */
	lifecycle: FileLifecycle;
	state: FileState;
}

export interface UploadSession {
	id: string;
	apiVersion: string;
	fileId: string;
	displayName?: string;
	mimeType: string;
	declaredSize?: number;
	chunks: Buffer[];
	received: number;
	lifecycle: FileLifecycle;
}

const KEEP_MS = 48 * 60 * 60 * 1000;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length: number, alphabet = ALPHABET): string {
	const bytes = randomBytes(length);
	let id = '';
	for (let i = 0; i < length; i++) id += alphabet[bytes[i] % alphabet.length];
	return id;
}

export class FileStore {
	readonly files = new Map<string, StoredFile>();
	readonly sessions = new Map<string, UploadSession>();

	/** Upload starts refused so far, by displayName, for [sim:upload-unavailable=N]. */
	private readonly refusedStarts = new Map<string, number>();

	/** Whether this start is one [sim:upload-unavailable=N] refuses (and counts it). */
	refusesStart(displayName: string | undefined): boolean {
		const wanted = parseFileLifecycle(displayName).unavailableStarts;
		const refused = this.refusedStarts.get(displayName ?? '') ?? 0;
		if (refused >= wanted) return false;
		this.refusedStarts.set(displayName ?? '', refused + 1);
		return true;
	}

	startUpload(
		session: Omit<UploadSession, 'id' | 'chunks' | 'received' | 'fileId' | 'lifecycle'> & {
			fileId?: string;
		},
	): UploadSession {
		const started: UploadSession = {
			...session,
			lifecycle: parseFileLifecycle(session.displayName),
			id: randomId(48, `${ALPHABET}ABCDEFGHIJKLMNOPQRSTUVWXYZ-_`),
			fileId: session.fileId ?? randomId(12),
			chunks: [],
			received: 0,
		};
		this.sessions.set(started.id, started);
		return started;
	}

	finish(session: UploadSession): StoredFile {
		this.sessions.delete(session.id);
		const now = Date.now();
		const file: StoredFile = {
			id: session.fileId,
			displayName: session.displayName,
			mimeType: session.mimeType,
			bytes: Buffer.concat(session.chunks, session.received),
			createTime: new Date(now).toISOString(),
			expirationTime: new Date(now + KEEP_MS).toISOString(),
			lifecycle: { ...session.lifecycle },
			state:
				session.lifecycle.processingGets > 0 || session.lifecycle.fails ? 'PROCESSING' : 'ACTIVE',
		};
		this.files.set(file.id, file);
		return file;
	}

	/** A GET of the file: PROCESSING while the marker's count lasts, then ACTIVE or FAILED. */
	get(id: string): StoredFile | undefined {
		const file = this.files.get(id);
		if (!file || file.state !== 'PROCESSING') return file;
		if (file.lifecycle.processingGets > 0) file.lifecycle.processingGets--;
		else file.state = file.lifecycle.fails ? 'FAILED' : 'ACTIVE';
		return file;
	}

	/** Finds a file by 'files/abc', 'abc', or a full URI ending in '/files/abc'. */
	lookup(reference: string): StoredFile | undefined {
		const match = /(?:^|\/)files\/([^/?#]+)$/.exec(reference) ?? /^([a-z0-9-]+)$/.exec(reference);
		return match ? this.files.get(match[1]) : undefined;
	}
}

/** The File resource as the Files API returns it. */
export function fileResource(
	file: StoredFile,
	origin: string,
	apiVersion: string,
): Record<string, unknown> {
	const resource: Record<string, unknown> = {
		name: `files/${file.id}`,
		mimeType: file.mimeType,
		sizeBytes: String(file.bytes.length),
		createTime: file.createTime,
		updateTime: file.createTime,
		expirationTime: file.expirationTime,
		sha256Hash: Buffer.from(createHash('sha256').update(file.bytes).digest('hex')).toString(
			'base64',
		),
		uri: `${origin}/${apiVersion}/files/${file.id}`,
		state: file.state,
		source: 'UPLOADED',
	};
	if (file.displayName) resource.displayName = file.displayName;
	if (file.state === 'FAILED') {
		// google.rpc.Status, as the File resource carries it: 3 is INVALID_ARGUMENT.
		resource.error = { code: 3, message: 'The file could not be processed.' };
	}
	return resource;
}
