/** Uploaded files and open resumable upload sessions, held in memory (Google keeps files 48 h). */
import { createHash, randomBytes } from 'node:crypto';

export interface StoredFile {
	/** 'abc123' in 'files/abc123'. */
	id: string;
	displayName?: string;
	mimeType: string;
	bytes: Buffer;
	createTime: string;
	expirationTime: string;
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

	startUpload(
		session: Omit<UploadSession, 'id' | 'chunks' | 'received' | 'fileId'> & { fileId?: string },
	): UploadSession {
		const started: UploadSession = {
			...session,
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
		};
		this.files.set(file.id, file);
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
		state: 'ACTIVE',
		source: 'UPLOADED',
	};
	if (file.displayName) resource.displayName = file.displayName;
	return resource;
}
