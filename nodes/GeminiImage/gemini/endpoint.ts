import { createHash } from 'node:crypto';

/** Where the Gemini API answers, unless the credential says otherwise. */
export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const DEFAULT_API_VERSION = 'v1beta';

/** What a client needs to reach the API: the key, and the endpoint as the user set it. */
export interface GeminiConnection {
	apiKey: string;
	/** Without a trailing slash or version path. */
	baseUrl: string;
	apiVersion: string;
}

/** The credential's fields as one connection: trimmed, defaults filled in, no trailing slash. */
export function toConnection(fields: {
	apiKey?: unknown;
	baseUrl?: unknown;
	apiVersion?: unknown;
}): GeminiConnection {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
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

export function findConnectionProblem(connection: GeminiConnection): ConnectionProblem | undefined {
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
		.digest('hex')
		.slice(0, 16);
}
