/**
 * POST /token: Google's OAuth 2.0 token endpoint (oauth2.googleapis.com/token) for the JWT bearer
 * grant that service-account keys use. The body is form-encoded (JSON is also read):
 *   grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>
 * The JWT must be RS256-signed with a registered key of the account named by `iss` (header `kid`
 * = private_key_id), `aud` this endpoint (or the key file's token_uri), `scope` set, and iat/exp
 * at most an hour apart around now. The answer is {access_token, expires_in, token_type}, or
 * Google's OAuth error body {error, error_description}. The assertion is never recorded.
 */
import { verify } from 'node:crypto';
import { readBody, sendJson, type Exchange } from '../server/http-util';
import type { SimulatorState } from '../server/state';
import type { AccessToken, ServiceAccount } from './store';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const BODY_LIMIT = 64 * 1024;
/** The longest life Google lets an assertion claim: exp - iat. */
const MAX_ASSERTION_SECONDS = 3600;
/** How far iat may lie in the future, for clocks that run ahead. */
const CLOCK_SKEW_SECONDS = 300;

const NO_STORE = {
	'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
	pragma: 'no-cache',
};

class OAuthError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly description: string,
	) {
		super(description);
	}
}

const badSignature = (): OAuthError =>
	new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');

function readForm(bytes: Buffer, contentType: string): Record<string, string> {
	const text = bytes.toString('utf8');
	if (contentType.includes('application/json')) {
		try {
			const parsed = JSON.parse(text) as Record<string, unknown>;
			return Object.fromEntries(
				Object.entries(parsed).filter(([, value]) => typeof value === 'string'),
			) as Record<string, string>;
		} catch {
			throw new OAuthError(400, 'invalid_request', 'Invalid JSON payload.');
		}
	}
	return Object.fromEntries(new URLSearchParams(text));
}

function jsonSegment(segment: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

interface Assertion {
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
	signed: Buffer;
	signature: Buffer;
}

function parseAssertion(assertion: string): Assertion {
	const segments = assertion.split('.');
	const header = segments.length === 3 ? jsonSegment(segments[0]) : undefined;
	const claims = segments.length === 3 ? jsonSegment(segments[1]) : undefined;
	if (!header || !claims) throw new OAuthError(400, 'invalid_grant', 'Bad Request');
	return {
		header,
		claims,
		signed: Buffer.from(`${segments[0]}.${segments[1]}`),
		signature: Buffer.from(segments[2], 'base64url'),
	};
}

function checkSignature(account: ServiceAccount, assertion: Assertion): void {
	if (assertion.header.alg !== 'RS256') throw badSignature();
	const kid = assertion.header.kid;
	const candidates =
		typeof kid === 'string'
			? [account.keys.get(kid)]
			: [...account.keys.values()].filter((key) => !key.deleted);
	const valid = candidates.some(
		(key) =>
			key !== undefined &&
			!key.deleted &&
			verify('RSA-SHA256', assertion.signed, key.publicKey, assertion.signature),
	);
	if (!valid) throw badSignature();
}

function checkTimes(claims: Record<string, unknown>, now: number): void {
	const { iat, exp } = claims;
	const seconds = now / 1000;
	if (
		typeof iat !== 'number' ||
		typeof exp !== 'number' ||
		exp - iat > MAX_ASSERTION_SECONDS ||
		exp <= iat ||
		exp <= seconds ||
		iat > seconds + CLOCK_SKEW_SECONDS
	) {
		throw new OAuthError(
			400,
			'invalid_grant',
			'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
		);
	}
}

/** The token this assertion earns, or the OAuthError Google would answer. */
function grantFor(ex: Exchange, state: SimulatorState, form: Record<string, string>): AccessToken {
	const grantType = form.grant_type;
	if (grantType === undefined) {
		throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
	}
	if (grantType !== JWT_BEARER) {
		throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
	}
	if (!form.assertion) {
		throw new OAuthError(400, 'invalid_request', 'Missing required parameter: assertion');
	}
	const assertion = parseAssertion(form.assertion);
	const { iss, sub, aud, scope } = assertion.claims;
	if (ex.record && typeof iss === 'string') ex.record.serviceAccount = iss;
	const account = typeof iss === 'string' ? state.vertex.serviceAccounts.get(iss) : undefined;
	if (!account) throw new OAuthError(400, 'invalid_grant', 'Invalid grant: account not found');
	checkSignature(account, assertion);
	const now = Date.now();
	checkTimes(assertion.claims, now);
	const here = `${ex.origin}/token`;
	if (aud !== here && aud !== account.tokenUri) {
		throw new OAuthError(
			400,
			'invalid_grant',
			`Invalid JWT: Failed audience check. The right audience is ${account.tokenUri ?? here}`,
		);
	}
	if (sub !== undefined && sub !== iss) {
		throw new OAuthError(
			401,
			'unauthorized_client',
			'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
		);
	}
	const scopes = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [];
	if (scopes.length === 0) {
		throw new OAuthError(
			400,
			'invalid_scope',
			'Invalid OAuth scope or ID token audience provided.',
		);
	}
	return state.vertex.grant(account, scopes, now);
}

export async function handleToken(ex: Exchange, state: SimulatorState): Promise<void> {
	const body = await readBody(ex.req, BODY_LIMIT);
	if (!body.ok) {
		sendJson(ex, 413, { error: 'invalid_request', error_description: 'Request too large.' });
		return;
	}
	if (ex.record) ex.record.bodyBytes = body.bytes.length;
	try {
		const form = readForm(body.bytes, String(ex.req.headers['content-type'] ?? ''));
		if (ex.record) {
			ex.record.body = {
				...form,
				...(form.assertion !== undefined ? { assertion: '[redacted]' } : {}),
			};
		}
		const token = grantFor(ex, state, form);
		sendJson(
			ex,
			200,
			{
				access_token: token.token,
				expires_in: Math.round((token.expiresAt - token.issuedAt) / 1000),
				token_type: 'Bearer',
			},
			NO_STORE,
		);
	} catch (error) {
		if (!(error instanceof OAuthError)) throw error;
		sendJson(
			ex,
			error.status,
			{ error: error.error, error_description: error.description },
			NO_STORE,
		);
	}
}
