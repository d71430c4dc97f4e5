/** API key check, as Google makes it on every Gemini API call. */
import { invalidKey, missingKey } from './google-errors';
import type { Exchange } from './http-util';
import type { ApiKeySource } from '../types';

export function apiKeySource(ex: Exchange): { source: ApiKeySource; key?: string } {
	const header = ex.req.headers['x-goog-api-key'];
	const fromHeader = Array.isArray(header) ? header[0] : header;
	if (fromHeader) return { source: 'header', key: fromHeader };
	const fromQuery = ex.url.searchParams.get('key');
	if (fromQuery) return { source: 'query', key: fromQuery };
	return { source: 'none' };
}

/** Throws the 403 (no key) or 400 (wrong key) Google answers. The key is never echoed back. */
export function checkApiKey(ex: Exchange, expected: string): void {
	const { key } = apiKeySource(ex);
	if (key === undefined) throw missingKey();
	if (key !== expected) throw invalidKey();
}
