import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readServiceAccountKey } from '../../../../nodes/GeminiImage/gemini/connection/serviceAccount';
import type { ServiceAccountKey } from '../../../../nodes/GeminiImage/gemini/connection/serviceAccount';
import {
	accessTokenFor,
	CLOUD_PLATFORM_SCOPE,
	signAssertion,
	VertexAuthError,
} from '../../../../nodes/GeminiImage/gemini/connection/vertexToken';
import {
	findConnectionProblem,
	toVertexConnection,
} from '../../../../nodes/GeminiImage/gemini/connection/endpoint';
import { secretsOf } from '../../../../nodes/GeminiImage/gemini/connection/endpoint';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function keyJson(fields: Record<string, unknown> = {}): string {
	return JSON.stringify({
		type: 'service_account',
		project_id: 'demo-project-1',
		private_key_id: 'kid-1',
		private_key: PEM,
		client_email: 'image-bot@demo-project-1.iam.gserviceaccount.com',
		token_uri: 'https://oauth2.googleapis.com/token',
		...fields,
	});
}

function problemOf(text: string): string {
	const reading = readServiceAccountKey(text);
	return 'problem' in reading ? reading.problem : '';
}

describe('a service-account key pasted into the credential', () => {
	it('reads the key as the console downloads it', () => {
		const reading = readServiceAccountKey(keyJson());
		expect('key' in reading && reading.key).toMatchObject({
			clientEmail: 'image-bot@demo-project-1.iam.gserviceaccount.com',
			privateKeyId: 'kid-1',
			projectId: 'demo-project-1',
			tokenUri: 'https://oauth2.googleapis.com/token',
		});
	});

	it('says what is wrong without ever quoting the key', () => {
		const cases: Array<[string, RegExp]> = [
			['', /is empty/],
			['{"type": "service_account", ', /not valid JSON/],
			['[1,2]', /not a JSON object/],
			[keyJson({ type: 'authorized_user' }), /of type "authorized_user", not "service_account"/],
			[keyJson({ private_key: '' }), /has no private_key/],
			[
				keyJson({ private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }),
				/not a readable RSA private key/,
			],
			[
				keyJson({ token_uri: 'http://tokens.example.com/token' }),
				/only https \(or http on this machine\)/,
			],
		];
		for (const [text, expected] of cases) {
			const problem = problemOf(text);
			expect(problem).toMatch(expected);
			expect(problem).not.toContain('PRIVATE KEY');
		}
		expect(problemOf(keyJson({ token_uri: 'http://127.0.0.1:9/token' }))).toBe('');
	});

	it('takes the project from the key unless the credential names one, and hides the key', () => {
		const fromKey = toVertexConnection({
			authType: 'serviceAccount',
			serviceAccountKey: keyJson(),
		});
		expect(fromKey.vertex?.project).toBe('demo-project-1');
		expect(fromKey.vertex?.location).toBe('global');
		expect(fromKey.baseUrl).toBe('https://aiplatform.googleapis.com');
		expect(fromKey.apiVersion).toBe('v1beta1');
		const named = toVertexConnection({
			serviceAccountKey: keyJson(),
			projectId: 'other-project',
			location: 'us-central1',
		});
		expect(named.vertex?.project).toBe('other-project');
		expect(named.baseUrl).toBe('https://us-central1-aiplatform.googleapis.com');
		const body = PEM.split('\n')[3];
		expect(secretsOf(named)).toEqual(expect.arrayContaining([PEM, body]));
	});

	it('refuses a key it cannot read, a project id that is none, and a bad location, before any request', () => {
		const broken = toVertexConnection({ serviceAccountKey: 'not json' });
		expect(findConnectionProblem(broken)?.message).toMatch(/not valid JSON/);
		const project = toVertexConnection({ serviceAccountKey: keyJson(), projectId: 'My Project' });
		expect(findConnectionProblem(project)?.message).toBe(
			'The Project ID "My Project" is not a project id',
		);
		const location = toVertexConnection({ serviceAccountKey: keyJson(), location: 'Europe West' });
		expect(findConnectionProblem(location)?.message).toMatch(/not a Google Cloud location/);
		const express = toVertexConnection({ authType: 'expressKey', apiKey: 'AQ.key' });
		expect(findConnectionProblem(express)).toBeUndefined();
		expect(express.vertex?.serviceAccount).toBeUndefined();
	});
});

describe('access tokens for a service account', () => {
	let server: Server;
	let uri = '';
	let requests: string[] = [];
	let answer: { status: number; body: unknown; headers?: Record<string, string> } = {
		status: 200,
		body: {},
	};

	beforeAll(async () => {
		server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk) => (body += chunk));
			request.on('end', () => {
				requests.push(body);
				// A short delay, so concurrent callers overlap.
				setTimeout(() => {
					response.writeHead(answer.status, {
						'content-type': 'application/json',
						...answer.headers,
					});
					response.end(JSON.stringify(answer.body));
				}, 50);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));
	beforeEach(() => {
		requests = [];
	});

	/** A key of its own per test: tokens are kept per key. */
	function freshKey(): ServiceAccountKey {
		const reading = readServiceAccountKey(
			keyJson({ token_uri: uri, private_key_id: `kid-${Math.random()}` }),
		);
		if (!('key' in reading)) throw new Error(reading.problem);
		return reading.key;
	}

	it('signs an RS256 assertion for the cloud-platform scope, addressed to the token URI', () => {
		const key = freshKey();
		const [header, claims, signature] = signAssertion(key, 1_700_000_000).split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
			alg: 'RS256',
			typ: 'JWT',
			kid: key.privateKeyId,
		});
		expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
			iss: key.clientEmail,
			scope: CLOUD_PLATFORM_SCOPE,
			aud: uri,
			iat: 1_700_000_000,
			exp: 1_700_003_600,
		});
		const verified = createVerify('RSA-SHA256')
			.update(`${header}.${claims}`)
			.verify(publicKey, Buffer.from(signature, 'base64url'));
		expect(verified).toBe(true);
	});

	it('fetches one token for many requests at once, and keeps it', async () => {
		answer = {
			status: 200,
			body: { access_token: 'ya29.one', expires_in: 3599, token_type: 'Bearer' },
		};
		const key = freshKey();
		const tokens = await Promise.all([1, 2, 3, 4].map(() => accessTokenFor(key)));
		expect(tokens).toEqual(['ya29.one', 'ya29.one', 'ya29.one', 'ya29.one']);
		expect(await accessTokenFor(key)).toBe('ya29.one');
		expect(requests).toHaveLength(1);
		const form = new URLSearchParams(requests[0]);
		expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
		expect(form.get('assertion')?.split('.')).toHaveLength(3);
	});

	it('fetches a new token once the kept one is within five minutes of expiring', async () => {
		answer = { status: 200, body: { access_token: 'ya29.short', expires_in: 200 } };
		const key = freshKey();
		await accessTokenFor(key);
		await accessTokenFor(key);
		expect(requests).toHaveLength(2);
	});

	it("says what Google's token endpoint refused, and what to do", async () => {
		answer = {
			status: 400,
			body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
		};
		const key = freshKey();
		const error = (await accessTokenFor(key).catch((e: unknown) => e)) as VertexAuthError;
		expect(error).toBeInstanceOf(VertexAuthError);
		expect(error.message).toBe(
			'Google refused the service-account key (invalid_grant: Invalid JWT Signature.)',
		);
		expect(error.hint).toMatch(/create a new JSON key/);
		expect(`${error.message} ${error.hint}`).not.toContain('PRIVATE KEY');
		// Not kept: the next call asks again.
		await accessTokenFor(key).catch(() => undefined);
		expect(requests).toHaveLength(2);
	});

	it('follows no redirect from the token endpoint', async () => {
		answer = {
			status: 302,
			body: {},
			headers: { location: 'https://elsewhere.example.com/token' },
		};
		const error = (await accessTokenFor(freshKey()).catch((e: unknown) => e)) as Error;
		expect(error.name).toBe('EndpointError');
		expect(requests).toHaveLength(1);
	});
});
