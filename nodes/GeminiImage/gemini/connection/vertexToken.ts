/**
 * OAuth access tokens for a service account, as Google's token endpoint gives them for a signed
 * JWT (RFC 7523): signed here with the key's private key, sent to the key's own `token_uri`
 * only, through the guarded fetch (no redirect followed, the answer read within a bound).
 * Tokens are kept per key in this process and fetched again shortly before they expire, never
 * per request; concurrent requests share one fetch.
 */
import { createHash, createSign } from 'node:crypto';

import { guardedFetch } from './guardedFetch';
import type { ServiceAccountKey } from './serviceAccount';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** What Google grants and the most it allows for a self-signed assertion. */
const ASSERTION_LIFETIME_SECONDS = 3600;
/** A token is fetched again once it has less than this left (Google's own clients: 5 min). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const TOKEN_ANSWER_LIMIT_BYTES = 64 * 1024;
const TOKEN_TIMEOUT_MS = 30_000;

/** The token endpoint refused the key, or answered nothing usable. Never retried. */
export class VertexAuthError extends Error {
	name = 'VertexAuthError';

	constructor(
		message: string,
		readonly hint: string,
		readonly httpStatus?: number,
	) {
		super(message);
	}
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signAssertion(key: ServiceAccountKey, nowSeconds: number): string {
	const header = {
		alg: 'RS256',
		typ: 'JWT',
		...(key.privateKeyId ? { kid: key.privateKeyId } : {}),
	};
	const claims = {
		iss: key.clientEmail,
		scope: CLOUD_PLATFORM_SCOPE,
		aud: key.tokenUri,
		iat: nowSeconds,
		exp: nowSeconds + ASSERTION_LIFETIME_SECONDS,
	};
	const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
	const signature = createSign('RSA-SHA256').update(unsigned).sign(key.privateKey);
	return `${unsigned}.${base64url(signature)}`;
}

interface Token {
	accessToken: string;
	expiresAt: number;
}

/** What Google's token endpoint says for a key it refuses, as a user can act on it. */
function refusal(status: number, body: string): VertexAuthError {
	let error = '';
	let description = '';
	try {
		const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
		error = typeof parsed.error === 'string' ? parsed.error.slice(0, 100) : '';
		description =
			typeof parsed.error_description === 'string' ? parsed.error_description.slice(0, 300) : '';
	} catch {
		// Not Google's JSON: the status is all there is.
	}
	const said = [error, description].filter(Boolean).join(': ') || `HTTP ${status}`;
	const hint =
		error === 'invalid_grant'
			? 'The service account or this key was deleted or disabled, or the key is not the one Google has: create a new JSON key for the service account (IAM & Admin > Service Accounts > Keys) and paste it into the credential.'
			: 'Check the service-account key in the credential: paste the JSON key file again.';
	return new VertexAuthError(`Google refused the service-account key (${said})`, hint, status);
}

async function fetchToken(key: ServiceAccountKey, stop?: AbortSignal): Promise<Token> {
	const fetchGuarded = guardedFetch({
		origin: new URL(key.tokenUri).origin,
		maxResponseBytes: TOKEN_ANSWER_LIMIT_BYTES,
		stop,
	});
	const startedAt = Date.now();
	const body = new URLSearchParams({
		grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
		assertion: signAssertion(key, Math.floor(startedAt / 1000)),
	});
	const response = await fetchGuarded(key.tokenUri, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: body.toString(),
		signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
	});
	const text = await response.text();
	if (!response.ok) throw refusal(response.status, text);
	let parsed: { access_token?: unknown; expires_in?: unknown };
	try {
		parsed = JSON.parse(text) as typeof parsed;
	} catch {
		throw new VertexAuthError(
			`the token endpoint ${new URL(key.tokenUri).origin} answered something that is not a token`,
			'Check the token_uri of the service-account key: it should be https://oauth2.googleapis.com/token.',
		);
	}
	if (typeof parsed.access_token !== 'string' || !parsed.access_token) {
		throw new VertexAuthError(
			'the token endpoint answered without an access token',
			'Check the token_uri of the service-account key: it should be https://oauth2.googleapis.com/token.',
		);
	}
	const lifetime = Number(parsed.expires_in);
	const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : ASSERTION_LIFETIME_SECONDS;
	return { accessToken: parsed.access_token, expiresAt: startedAt + seconds * 1000 };
}

/** Per key, in this process: the token, or the fetch under way. */
const tokens = new Map<string, Token | Promise<Token>>();

function keyIdOf(key: ServiceAccountKey): string {
	return createHash('sha256')
		.update(`${key.tokenUri}\n${key.clientEmail}\n${key.privateKeyId}\n${key.privateKey}`)
		.digest('hex');
}

/** A valid access token for the key: the kept one, or a new one when it is about to expire. */
export async function accessTokenFor(key: ServiceAccountKey, stop?: AbortSignal): Promise<string> {
	const id = keyIdOf(key);
	const held = tokens.get(id);
	if (held && !(held instanceof Promise) && held.expiresAt - REFRESH_MARGIN_MS > Date.now()) {
		return held.accessToken;
	}
	if (held instanceof Promise) return (await held).accessToken;
	const pending = fetchToken(key, stop);
	tokens.set(id, pending);
	try {
		const token = await pending;
		tokens.set(id, token);
		return token.accessToken;
	} catch (error) {
		tokens.delete(id);
		throw error;
	}
}

/** Forgets the key's token, e.g. after Google refused it (the key may have been revoked). */
export function forgetToken(key: ServiceAccountKey): void {
	tokens.delete(keyIdOf(key));
}
