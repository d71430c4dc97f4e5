import { createHash } from 'node:crypto';

import type { ServiceAccountKey } from './serviceAccount';
import { keySecrets, readServiceAccountKey } from './serviceAccount';

/** Where the Gemini API answers, unless the credential says otherwise. */
export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const DEFAULT_API_VERSION = 'v1beta';

/** Vertex AI: its API version, and the host of a location (`global`: no region in the host). */
export const DEFAULT_VERTEX_API_VERSION = 'v1beta1';
export const DEFAULT_VERTEX_LOCATION = 'global';

export function vertexBaseUrl(location: string): string {
	return location === 'global'
		? 'https://aiplatform.googleapis.com'
		: `https://${location}-aiplatform.googleapis.com`;
}

/** Vertex AI's side of a connection: the project and location, and how it signs in. */
export interface VertexTarget {
	/** Empty in express mode, which takes no project (Google finds it from the key). */
	project: string;
	location: string;
	/** A service account's key; absent in express mode (the connection's apiKey then). */
	serviceAccount?: ServiceAccountKey;
	/** Why the pasted key cannot be used (never quoting it). */
	keyProblem?: string;
}

/** What a client needs to reach the API: the key, and the endpoint as the user set it. */
export interface GeminiConnection {
	/** The Gemini API key, or the Vertex AI express-mode key ('' with a service account). */
	apiKey: string;
	/** Without a trailing slash or version path. */
	baseUrl: string;
	apiVersion: string;
	/** Set for Vertex AI; absent for the Gemini API. */
	vertex?: VertexTarget;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The Vertex AI credential's fields as one connection. */
export function toVertexConnection(fields: {
	authType?: unknown;
	serviceAccountKey?: unknown;
	apiKey?: unknown;
	projectId?: unknown;
	location?: unknown;
	baseUrl?: unknown;
	apiVersion?: unknown;
}): GeminiConnection {
	const location = text(fields.location) || DEFAULT_VERTEX_LOCATION;
	const baseUrl = text(fields.baseUrl).replace(/\/+$/, '') || vertexBaseUrl(location);
	const apiVersion = text(fields.apiVersion) || DEFAULT_VERTEX_API_VERSION;
	if (fields.authType === 'expressKey') {
		return { apiKey: text(fields.apiKey), baseUrl, apiVersion, vertex: { project: '', location } };
	}
	const reading = readServiceAccountKey(
		typeof fields.serviceAccountKey === 'string' ? fields.serviceAccountKey : '',
	);
	const key = 'key' in reading ? reading.key : undefined;
	return {
		apiKey: '',
		baseUrl,
		apiVersion,
		vertex: {
			project: text(fields.projectId) || key?.projectId || '',
			location,
			serviceAccount: key,
			keyProblem: 'problem' in reading ? reading.problem : undefined,
		},
	};
}

/** Whether the connection has something to sign in with (a key, or a service account). */
export function hasSignIn(connection: GeminiConnection): boolean {
	return Boolean(
		connection.apiKey || connection.vertex?.serviceAccount || connection.vertex?.keyProblem,
	);
}

/** The credential's fields as one connection: trimmed, defaults filled in, no trailing slash. */
export function toConnection(fields: {
	apiKey?: unknown;
	baseUrl?: unknown;
	apiVersion?: unknown;
}): GeminiConnection {
	return {
		apiKey: text(fields.apiKey),
		baseUrl: text(fields.baseUrl).replace(/\/+$/, '') || DEFAULT_BASE_URL,
		apiVersion: text(fields.apiVersion) || DEFAULT_API_VERSION,
	};
}

/** Why a connection cannot be used, found before anything is sent. */
export interface ConnectionProblem {
	message: string;
	hint: string;
}

const KEY_FIX =
	'Open the Vertex AI credential and paste the JSON key of the service account again.';

function findVertexProblem(vertex: VertexTarget, express: boolean): ConnectionProblem | undefined {
	if (vertex.keyProblem) return { message: vertex.keyProblem.replace(/\.$/, ''), hint: KEY_FIX };
	if (!express && !vertex.project) {
		return {
			message: 'The Project ID is empty and the service-account key names no project',
			hint: 'Set the Project ID in the Vertex AI credential (the id, e.g. my-project-123, not its name).',
		};
	}
	if (vertex.project && !/^[a-z0-9][a-z0-9.:-]{0,62}$/.test(vertex.project)) {
		return {
			message: `The Project ID "${vertex.project.slice(0, 64)}" is not a project id`,
			hint: 'A project id has lowercase letters, digits and hyphens, e.g. my-project-123 (the Google Cloud console shows it beside the project name).',
		};
	}
	if (!/^[a-z0-9-]{2,40}$/.test(vertex.location)) {
		return {
			message: `The Location "${vertex.location.slice(0, 40)}" is not a Google Cloud location`,
			hint: 'Use global (Gemini 3 image models are served there) or a region such as us-central1.',
		};
	}
	return undefined;
}

export function findConnectionProblem(connection: GeminiConnection): ConnectionProblem | undefined {
	if (connection.vertex) {
		const problem = findVertexProblem(connection.vertex, !connection.vertex.serviceAccount);
		if (problem) return problem;
	}
	// A key is printable ASCII: a line break, a zero-width or no-break space pasted with it
	// cannot go in a header, or goes as part of the key.
	if (/[^\x21-\x7e]/.test(connection.apiKey)) {
		return {
			message: 'The API key holds a line break, a space or another character no key has',
			hint: 'Paste the key again into the credential, as one line.',
		};
	}
	let url: URL;
	try {
		url = new URL(connection.baseUrl);
	} catch {
		return {
			message: 'The Base URL is not a valid address',
			hint: 'The Base URL must be a full address starting with https:// (or http://).',
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {
			message: `The Base URL uses ${url.protocol.replace(/:$/, '')}, not https or http`,
			hint: 'The Base URL must be a full address starting with https:// (or http://).',
		};
	}
	if (url.username || url.password) {
		return {
			message: 'The Base URL holds a user name or password',
			hint: 'Remove "user:password@" from the Base URL: the node sends only the API key, as a header. A gateway that needs its own credentials can take them as its API key.',
		};
	}
	return undefined;
}

/** What must never be shown for this connection: the key, and any credentials in the URL. */
export function secretsOf(connection: GeminiConnection): string[] {
	const secrets = [connection.apiKey];
	if (connection.vertex?.serviceAccount)
		secrets.push(...keySecrets(connection.vertex.serviceAccount));
	try {
		const url = new URL(connection.baseUrl);
		for (const part of [url.password, url.username]) {
			if (part) secrets.push(part, decodeURIComponent(part));
		}
	} catch {
		// Not a URL: nothing in it to hide.
	}
	return secrets.filter(Boolean);
}

/**
 * A short fingerprint of where requests go and as whom: what pacing shares its quota by. The
 * key itself is never kept.
 */
export function connectionFingerprint(connection: GeminiConnection): string {
	return createHash('sha256')
		.update(`${connection.baseUrl}\n${connection.apiVersion}\n${connection.apiKey}`)
		.update(
			connection.vertex
				? `\n${connection.vertex.project}\n${connection.vertex.location}\n${connection.vertex.serviceAccount?.clientEmail ?? ''}`
				: '',
		)
		.digest('hex')
		.slice(0, 16);
}
