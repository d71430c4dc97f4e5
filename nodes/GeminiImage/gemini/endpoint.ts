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
