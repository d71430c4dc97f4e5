/**
 * Vertex AI credentials for tests. createTestServiceAccount makes an RSA key pair at run time
 * (nothing is committed), registers the public key with a running simulator and returns the
 * service-account key JSON exactly as the Google Cloud console downloads it, its token_uri
 * pointing at the simulator's POST /token. The other functions delete a key, make
 * granted tokens expire, and register express-mode API keys, through the simulator's control
 * paths, so they work for a simulator in another process too (pass its URL).
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import type { Simulator } from '../types';
import { DEFAULT_VERTEX_PROJECT } from './store';

/** A service-account key file, fields in the console's order. */
export interface ServiceAccountKey {
	type: 'service_account';
	project_id: string;
	private_key_id: string;
	private_key: string;
	client_email: string;
	client_id: string;
	auth_uri: string;
	token_uri: string;
	auth_provider_x509_cert_url: string;
	client_x509_cert_url: string;
	universe_domain: string;
}

export interface TestServiceAccountOptions {
	/** Default 'simulator-project'. */
	projectId?: string;
	/**
	 * The account id before the @ (6 to 30 lowercase letters, digits and hyphens). Default random;
	 * the id of an account already registered (same project) gives it a second key.
	 */
	accountId?: string;
	/**
	 * The key file's token_uri. Default `<simulator url>/token`; give another where the client
	 * reaches the simulator by another address (n8n in Docker: http://host.docker.internal:PORT/token).
	 */
	tokenUri?: string;
}

type Target = Simulator | string;

function baseUrl(target: Target): string {
	return (typeof target === 'string' ? target : target.url).replace(/\/+$/, '');
}

async function control(target: Target, method: string, path: string, body?: unknown) {
	const response = await fetch(`${baseUrl(target)}/__simulator/vertex${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(`The simulator refused ${method} ${path}: ${response.status} ${text}`);
	}
	return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function randomDigits(count: number): string {
	let digits = String(randomInt(1, 10));
	while (digits.length < count) digits += String(randomInt(0, 10));
	return digits;
}

/**
 * A new service account (or, with the accountId of one already registered, a new key of it)
 * that the simulator accepts on POST /token: its tokens may call models under `projectId`.
 */
export async function createTestServiceAccount(
	simulator: Target,
	options: TestServiceAccountOptions = {},
): Promise<ServiceAccountKey> {
	const projectId = options.projectId ?? DEFAULT_VERTEX_PROJECT;
	const accountId = options.accountId ?? `test-sa-${randomBytes(4).toString('hex')}`;
	const clientEmail = `${accountId}@${projectId}.iam.gserviceaccount.com`;
	const { publicKey, privateKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	const key: ServiceAccountKey = {
		type: 'service_account',
		project_id: projectId,
		private_key_id: randomBytes(20).toString('hex'),
		private_key: privateKey,
		client_email: clientEmail,
		client_id: randomDigits(21),
		auth_uri: 'https://accounts.google.com/o/oauth2/auth',
		token_uri: options.tokenUri ?? `${baseUrl(simulator)}/token`,
		auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
		client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
		universe_domain: 'googleapis.com',
	};
	await control(simulator, 'POST', '/service-accounts', {
		client_email: key.client_email,
		project_id: key.project_id,
		private_key_id: key.private_key_id,
		public_key: publicKey,
		client_id: key.client_id,
		token_uri: key.token_uri,
	});
	return key;
}

/** Deletes the key, as the console does: token requests signed with it get "Invalid JWT Signature.". */
export async function deleteServiceAccountKey(
	simulator: Target,
	key: ServiceAccountKey,
): Promise<void> {
	const email = encodeURIComponent(key.client_email);
	await control(simulator, 'DELETE', `/service-accounts/${email}/keys/${key.private_key_id}`);
}

/** Granted tokens (of this account, or all) expire now; resolves to how many did. */
export async function expireVertexTokens(
	simulator: Target,
	key?: ServiceAccountKey,
): Promise<number> {
	const body = key ? { client_email: key.client_email } : {};
	return (await control(simulator, 'POST', '/tokens/expire', body)).expired as number;
}

/** Makes `apiKey` an express-mode key of `projectId` (default 'simulator-project'). */
export async function registerExpressKey(
	simulator: Target,
	apiKey: string,
	projectId = DEFAULT_VERTEX_PROJECT,
): Promise<void> {
	await control(simulator, 'POST', '/express-keys', { key: apiKey, project: projectId });
}
