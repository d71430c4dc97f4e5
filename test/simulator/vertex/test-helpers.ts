/**
 * Shared by the simulator's Vertex AI tests: a JWT signer for service-account keys (what a
 * client must do itself), an auth client the SDK can use, SDK clients for both auth modes, and
 * raw requests for the error cases.
 */
import { createSign } from 'node:crypto';
import { GoogleGenAI } from '@google/genai';
import type { ServiceAccountKey } from './service-account';
import type { Simulator } from '../types';
import { CLOUD_PLATFORM_SCOPE } from './store';

export interface AssertionOptions {
	/** Claims to add or replace (undefined removes one). */
	claims?: Record<string, unknown>;
	header?: Record<string, unknown>;
	/** Another private key (PEM) to sign with. */
	signWith?: string;
}

/** The RS256 JWT a service account signs for the token endpoint. */
export function signAssertion(key: ServiceAccountKey, options: AssertionOptions = {}): string {
	const now = Math.floor(Date.now() / 1000);
	const header = { alg: 'RS256', typ: 'JWT', kid: key.private_key_id, ...options.header };
	const claims: Record<string, unknown> = {
		iss: key.client_email,
		scope: CLOUD_PLATFORM_SCOPE,
		aud: key.token_uri,
		iat: now,
		exp: now + 3600,
		...options.claims,
	};
	const encode = (value: unknown): string =>
		Buffer.from(JSON.stringify(value)).toString('base64url');
	const signed = `${encode(header)}.${encode(claims)}`;
	const signature = createSign('RSA-SHA256')
		.update(signed)
		.sign(options.signWith ?? key.private_key)
		.toString('base64url');
	return `${signed}.${signature}`;
}

export interface Answer {
	status: number;
	body: any;
	headers: Headers;
}

async function answerOf(response: Response): Promise<Answer> {
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: kept as text
	}
	return { status: response.status, body, headers: response.headers };
}

/** POSTs the form to the key's token_uri. */
export async function requestToken(
	key: ServiceAccountKey,
	assertion: string = signAssertion(key),
	grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer',
): Promise<Answer> {
	const response = await fetch(key.token_uri, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: grantType, assertion }).toString(),
	});
	return answerOf(response);
}

export async function accessToken(key: ServiceAccountKey): Promise<string> {
	const answer = await requestToken(key);
	if (answer.status !== 200) throw new Error(`No token: ${JSON.stringify(answer.body)}`);
	return answer.body.access_token as string;
}

export function vertexPath(
	project: string,
	model: string,
	{ location = 'global', version = 'v1beta1', action = 'generateContent' } = {},
): string {
	return `/${version}/projects/${project}/locations/${location}/publishers/google/models/${model}:${action}`;
}

export function expressPath(model: string, version = 'v1beta1'): string {
	return `/${version}/publishers/google/models/${model}:generateContent`;
}

/** A raw Vertex AI call; `auth` is a bearer token, {apiKey}, or null for none. */
export async function callVertex(
	sim: Simulator,
	path: string,
	body: unknown,
	auth: string | { apiKey: string } | null,
	method = 'POST',
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (body !== undefined) headers['content-type'] = 'application/json';
	if (typeof auth === 'string') headers.authorization = `Bearer ${auth}`;
	else if (auth) headers['x-goog-api-key'] = auth.apiKey;
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return answerOf(response);
}

/**
 * What a client does with a key file: sign an assertion, fetch a token from token_uri, keep it
 * until shortly before it expires. The SDK takes it as googleAuthOptions.authClient.
 */
export class KeyFileAuthClient {
	tokensFetched = 0;
	private token?: { value: string; expiresAt: number };

	constructor(private readonly key: ServiceAccountKey) {}

	async getRequestHeaders(): Promise<Headers> {
		if (!this.token || this.token.expiresAt - 60_000 <= Date.now()) {
			const answer = await requestToken(this.key);
			if (answer.status !== 200) throw new Error(`Token refused: ${JSON.stringify(answer.body)}`);
			this.tokensFetched++;
			this.token = {
				value: answer.body.access_token,
				expiresAt: Date.now() + answer.body.expires_in * 1000,
			};
		}
		return new Headers({ authorization: `Bearer ${this.token.value}` });
	}
}

/** The SDK on Vertex AI with a service account, pointed at the simulator. */
export function vertexClient(
	sim: Simulator,
	auth: KeyFileAuthClient,
	project: string,
	location = 'global',
): GoogleGenAI {
	return new GoogleGenAI({
		vertexai: true,
		project,
		location,
		googleAuthOptions: { authClient: auth as any },
		httpOptions: { baseUrl: sim.url, apiVersion: 'v1beta1' },
	});
}

/** The SDK in Vertex AI express mode. */
export function expressClient(sim: Simulator, apiKey: string): GoogleGenAI {
	return new GoogleGenAI({
		vertexai: true,
		apiKey,
		httpOptions: { baseUrl: sim.url, apiVersion: 'v1beta1' },
	});
}

export function imagePrompt(
	text: string,
	imageConfig?: Record<string, unknown>,
): Record<string, unknown> {
	return {
		contents: [{ role: 'user', parts: [{ text }] }],
		generationConfig: { responseModalities: ['IMAGE'], ...(imageConfig ? { imageConfig } : {}) },
	};
}
