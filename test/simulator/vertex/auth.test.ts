import { generateKeyPairSync } from 'node:crypto';
import {
	createTestServiceAccount,
	deleteServiceAccountKey,
	expireVertexTokens,
	registerExpressKey,
	startSimulator,
	type ServiceAccountKey,
	type Simulator,
} from '..';
import {
	accessToken,
	callVertex,
	expressClient,
	expressPath,
	imagePrompt,
	KeyFileAuthClient,
	requestToken,
	signAssertion,
	vertexClient,
	vertexPath,
} from './test-helpers';

const MODEL = 'gemini-3-pro-image';
const PROJECT = 'vertex-test-project';
const MISSING =
	'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const INVALID =
	'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const NO_KEYS =
	'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication';

let sim: Simulator;
let key: ServiceAccountKey;

beforeAll(async () => {
	sim = await startSimulator({ signatureBytes: 0, vertexExpressKeys: { 'express-one': PROJECT } });
	key = await createTestServiceAccount(sim, { projectId: PROJECT });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const reasonOf = (body: any): string | undefined => body?.error?.details?.[0]?.reason;

describe('the service-account key file', () => {
	it('has the console key file fields, in order, with a PEM key made at run time', async () => {
		expect(Object.keys(key)).toEqual([
			'type',
			'project_id',
			'private_key_id',
			'private_key',
			'client_email',
			'client_id',
			'auth_uri',
			'token_uri',
			'auth_provider_x509_cert_url',
			'client_x509_cert_url',
			'universe_domain',
		]);
		expect(key.type).toBe('service_account');
		expect(key.project_id).toBe(PROJECT);
		expect(key.private_key_id).toMatch(/^[0-9a-f]{40}$/);
		expect(key.private_key).toMatch(
			/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
		);
		expect(key.client_email).toMatch(
			new RegExp(`^test-sa-[0-9a-f]{8}@${PROJECT}\\.iam\\.gserviceaccount\\.com$`),
		);
		expect(key.client_id).toMatch(/^\d{21}$/);
		expect(key.token_uri).toBe(`${sim.url}/token`);
		expect(key.client_x509_cert_url).toContain(encodeURIComponent(key.client_email));
		expect(key.universe_domain).toBe('googleapis.com');
		const other = await createTestServiceAccount(sim, { projectId: PROJECT });
		expect(other.private_key).not.toBe(key.private_key);
	});
});

describe('POST /token', () => {
	it('grants a bearer token for a signed assertion and records the request without it', async () => {
		const answer = await requestToken(key);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			access_token: expect.stringMatching(/^ya29\.c\./),
			expires_in: 3600,
			token_type: 'Bearer',
		});
		const recorded = sim.requests.find((r) => r.path === '/token')!;
		expect(recorded.method).toBe('POST');
		expect(recorded.status).toBe(200);
		expect(recorded.serviceAccount).toBe(key.client_email);
		expect(recorded.body).toEqual({
			grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
			assertion: '[redacted]',
		});
		const listed = await (await fetch(`${sim.url}/__simulator/requests`)).text();
		expect(listed).not.toContain(answer.body.access_token);
	});

	it('refuses an assertion signed with another key: "Invalid JWT Signature."', async () => {
		const { privateKey } = generateKeyPairSync('rsa', {
			modulusLength: 2048,
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
			publicKeyEncoding: { type: 'spki', format: 'pem' },
		});
		const answer = await requestToken(key, signAssertion(key, { signWith: privateKey }));
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			error: 'invalid_grant',
			error_description: 'Invalid JWT Signature.',
		});
	});

	it('refuses a deleted key with "Invalid JWT Signature."; tokens it had stay valid', async () => {
		const doomed = await createTestServiceAccount(sim, { projectId: PROJECT });
		const before = await accessToken(doomed);
		await deleteServiceAccountKey(sim, doomed);
		const answer = await requestToken(doomed);
		expect(answer.status).toBe(400);
		expect(answer.body.error_description).toBe('Invalid JWT Signature.');
		const call = await callVertex(sim, vertexPath(PROJECT, MODEL), imagePrompt('a fox'), before);
		expect(call.status).toBe(200);
	});

	it('takes a second key of the same account, and the first one keeps working', async () => {
		const first = await createTestServiceAccount(sim, {
			projectId: PROJECT,
			accountId: 'rotating-sa',
		});
		const second = await createTestServiceAccount(sim, {
			projectId: PROJECT,
			accountId: 'rotating-sa',
		});
		expect(second.client_email).toBe(first.client_email);
		await deleteServiceAccountKey(sim, first);
		expect((await requestToken(first)).status).toBe(400);
		expect((await requestToken(second)).status).toBe(200);
	});

	it('answers "Invalid grant: account not found" for an unknown account', async () => {
		const unknown = await requestToken(
			key,
			signAssertion(key, { claims: { iss: `nobody@${PROJECT}.iam.gserviceaccount.com` } }),
		);
		expect(unknown.status).toBe(400);
		expect(unknown.body).toEqual({
			error: 'invalid_grant',
			error_description: 'Invalid grant: account not found',
		});
	});

	it('checks iat and exp: at most an hour apart, and not in the past', async () => {
		const now = Math.floor(Date.now() / 1000);
		const message =
			'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
		for (const claims of [
			{ iat: now, exp: now + 3601 },
			{ iat: now - 7200, exp: now - 3600 },
			{ iat: now + 3600, exp: now + 4000 },
			{ iat: undefined },
		]) {
			const answer = await requestToken(key, signAssertion(key, { claims }));
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error: 'invalid_grant', error_description: message });
		}
	});

	it('checks the audience, the scope, the subject and the grant type', async () => {
		const audience = await requestToken(
			key,
			signAssertion(key, { claims: { aud: 'https://oauth2.googleapis.com/token' } }),
		);
		expect(audience.status).toBe(400);
		expect(audience.body.error).toBe('invalid_grant');
		expect(audience.body.error_description).toContain('Failed audience check');

		const scope = await requestToken(key, signAssertion(key, { claims: { scope: undefined } }));
		expect(scope.status).toBe(400);
		expect(scope.body).toEqual({
			error: 'invalid_scope',
			error_description: 'Invalid OAuth scope or ID token audience provided.',
		});

		const subject = await requestToken(
			key,
			signAssertion(key, { claims: { sub: 'user@example.com' } }),
		);
		expect(subject.status).toBe(401);
		expect(subject.body.error).toBe('unauthorized_client');

		const grant = await requestToken(key, signAssertion(key), 'client_credentials');
		expect(grant.status).toBe(400);
		expect(grant.body).toEqual({
			error: 'unsupported_grant_type',
			error_description: 'Invalid grant_type: client_credentials',
		});

		const garbage = await requestToken(key, 'not-a-jwt');
		expect(garbage.status).toBe(400);
		expect(garbage.body.error).toBe('invalid_grant');
	});

	it('lasts vertexTokenLifetimeSeconds, then Vertex AI answers ACCESS_TOKEN_EXPIRED', async () => {
		const short = await startSimulator({ signatureBytes: 0, vertexTokenLifetimeSeconds: 1 });
		try {
			const account = await createTestServiceAccount(short, { projectId: PROJECT });
			const answer = await requestToken(account);
			expect(answer.body.expires_in).toBe(1);
			await new Promise((resolve) => setTimeout(resolve, 1100));
			const call = await callVertex(
				short,
				vertexPath(PROJECT, MODEL),
				imagePrompt('a fox'),
				answer.body.access_token,
			);
			expect(call.status).toBe(401);
			expect(call.body.error).toMatchObject({
				code: 401,
				status: 'UNAUTHENTICATED',
				message: INVALID,
			});
			expect(reasonOf(call.body)).toBe('ACCESS_TOKEN_EXPIRED');
		} finally {
			await short.close();
		}
	});
});

describe('Vertex AI paths: who may call', () => {
	const path = vertexPath(PROJECT, MODEL);

	it('answers a valid token of the project with an image', async () => {
		const call = await callVertex(sim, path, imagePrompt('a lighthouse'), await accessToken(key));
		expect(call.status).toBe(200);
		expect(call.body.candidates[0].content.parts[0].inlineData.mimeType).toBe('image/jpeg');
		const recorded = sim.requests.find((r) => r.path === path)!;
		expect(recorded).toMatchObject({
			project: PROJECT,
			location: 'global',
			model: MODEL,
			apiVersion: 'v1beta1',
			serviceAccount: key.client_email,
		});
		expect(recorded.headers.authorization).toBe('Bearer [redacted]');
	});

	it('answers 401 CREDENTIALS_MISSING without any credential', async () => {
		const call = await callVertex(sim, path, imagePrompt('a lighthouse'), null);
		expect(call.status).toBe(401);
		expect(call.body.error).toMatchObject({
			code: 401,
			status: 'UNAUTHENTICATED',
			message: MISSING,
		});
		expect(call.body.error.details[0]).toEqual({
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'CREDENTIALS_MISSING',
			domain: 'googleapis.com',
			metadata: {
				method: 'google.cloud.aiplatform.v1beta1.PredictionService.GenerateContent',
				service: 'aiplatform.googleapis.com',
			},
		});
	});

	it('answers 401 for a token it never granted, and for one expired through the control path', async () => {
		const unknown = await callVertex(sim, path, imagePrompt('a lighthouse'), 'ya29.made-up');
		expect(unknown.status).toBe(401);
		expect(unknown.body.error.message).toBe(INVALID);
		expect(reasonOf(unknown.body)).toBe('ACCESS_TOKEN_TYPE_UNSUPPORTED');

		const account = await createTestServiceAccount(sim, { projectId: PROJECT });
		const token = await accessToken(account);
		expect(await expireVertexTokens(sim, account)).toBe(1);
		const expired = await callVertex(sim, path, imagePrompt('a lighthouse'), token);
		expect(expired.status).toBe(401);
		expect(reasonOf(expired.body)).toBe('ACCESS_TOKEN_EXPIRED');
	});

	it('answers 403 PERMISSION_DENIED for a model under another project', async () => {
		const other = vertexPath('someone-elses-project', MODEL);
		const call = await callVertex(sim, other, imagePrompt('a lighthouse'), await accessToken(key));
		expect(call.status).toBe(403);
		expect(call.body.error).toMatchObject({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/someone-elses-project/locations/global/publishers/google/models/${MODEL}' (or it may not exist).`,
		});
		expect(call.body.error.details[0].reason).toBe('IAM_PERMISSION_DENIED');
	});

	it('answers 403 insufficient scopes for a token granted without cloud-platform', async () => {
		const assertion = signAssertion(key, {
			claims: { scope: 'https://www.googleapis.com/auth/devstorage.read_only' },
		});
		const token = (await requestToken(key, assertion)).body.access_token;
		const call = await callVertex(sim, path, imagePrompt('a lighthouse'), token);
		expect(call.status).toBe(403);
		expect(call.body.error.message).toBe('Request had insufficient authentication scopes.');
		expect(reasonOf(call.body)).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
	});

	it('refuses a Gemini API key: "API keys are not supported by this API."', async () => {
		for (const target of [path, expressPath(MODEL)]) {
			const call = await callVertex(sim, target, imagePrompt('a lighthouse'), {
				apiKey: sim.apiKey,
			});
			expect(call.status).toBe(401);
			expect(call.body.error).toMatchObject({ status: 'UNAUTHENTICATED', message: NO_KEYS });
			expect(reasonOf(call.body)).toBe('CREDENTIALS_MISSING');
		}
	});

	it('takes an express key on the express path and on its own project only', async () => {
		const express = await callVertex(sim, expressPath(MODEL), imagePrompt('a lighthouse'), {
			apiKey: 'express-one',
		});
		expect(express.status).toBe(200);
		expect(sim.requests.at(-1)).toMatchObject({
			project: PROJECT,
			location: 'global',
			apiKeySource: 'header',
		});
		const own = await callVertex(sim, path, imagePrompt('a lighthouse'), { apiKey: 'express-one' });
		expect(own.status).toBe(200);
		const other = await callVertex(
			sim,
			vertexPath('elsewhere', MODEL),
			imagePrompt('a lighthouse'),
			{
				apiKey: 'express-one',
			},
		);
		expect(other.status).toBe(403);
		const query = await fetch(`${sim.url}${expressPath(MODEL)}?key=express-one`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(imagePrompt('a lighthouse')),
		});
		expect(query.status).toBe(200);
	});

	it('registers express keys at run time', async () => {
		const prompt = imagePrompt('a lighthouse');
		expect((await callVertex(sim, expressPath(MODEL), prompt, { apiKey: 'late-key' })).status).toBe(
			401,
		);
		await registerExpressKey(sim, 'late-key', PROJECT);
		expect((await callVertex(sim, expressPath(MODEL), prompt, { apiKey: 'late-key' })).status).toBe(
			200,
		);
	});

	it('lists publisher models with a token; an express key is refused there', async () => {
		const token = await accessToken(key);
		const listed = await callVertex(
			sim,
			'/v1beta1/publishers/google/models',
			undefined,
			token,
			'GET',
		);
		expect(listed.status).toBe(200);
		const names = listed.body.publisherModels.map((m: any) => m.name);
		expect(names).toContain(`publishers/google/models/${MODEL}`);
		const refused = await callVertex(
			sim,
			'/v1beta1/publishers/google/models',
			undefined,
			{
				apiKey: 'express-one',
			},
			'GET',
		);
		expect(refused.status).toBe(401);
		expect(refused.body.error.message).toBe(NO_KEYS);
		expect(refused.body.error.details[0].metadata.method).toBe(
			'google.cloud.aiplatform.v1beta1.ModelGardenService.ListPublisherModels',
		);
	});
});

describe('the SDK against Vertex AI paths', () => {
	it('generates with a service account, fetching one token for several calls', async () => {
		const auth = new KeyFileAuthClient(key);
		const ai = vertexClient(sim, auth, PROJECT);
		for (const text of ['a red kite', 'a blue kite']) {
			const response = await ai.models.generateContent({
				model: MODEL,
				contents: text,
				config: { responseModalities: ['IMAGE'] },
			});
			const image = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData);
			expect(image?.inlineData?.mimeType).toBe('image/jpeg');
			expect(response.createTime).toEqual(expect.any(String));
		}
		expect(auth.tokensFetched).toBe(1);
		expect(sim.requests.filter((r) => r.path === '/token')).toHaveLength(1);
		const calls = sim.requests.filter((r) => r.path.endsWith(':generateContent'));
		expect(calls.map((r) => r.path)).toEqual([
			vertexPath(PROJECT, MODEL),
			vertexPath(PROJECT, MODEL),
		]);
	});

	it('lists models with a service account through ai.models.list', async () => {
		const ai = vertexClient(sim, new KeyFileAuthClient(key), PROJECT);
		const names: string[] = [];
		for await (const model of await ai.models.list()) names.push(model.name ?? '');
		expect(names).toContain('publishers/google/models/gemini-nano-banana-2.1');
		expect(names).not.toContain('publishers/google/models/gemini-2.5-flash-image');
		expect(sim.requests.some((r) => r.path === '/v1beta1/publishers/google/models')).toBe(true);
	});

	it('generates in express mode with x-goog-api-key', async () => {
		const ai = expressClient(sim, 'express-one');
		const response = await ai.models.generateContent({
			model: MODEL,
			contents: 'a green kite',
			config: { responseModalities: ['IMAGE'] },
		});
		expect(response.candidates?.[0]?.content?.parts?.some((p) => p.inlineData)).toBe(true);
		const recorded = sim.requests.at(-1)!;
		expect(recorded.path).toBe(expressPath(MODEL));
		expect(recorded.apiKeySource).toBe('header');
	});

	it('surfaces Vertex AI errors as ApiError with status and Google text', async () => {
		const ai = expressClient(sim, 'not-an-express-key');
		await expect(
			ai.models.generateContent({ model: MODEL, contents: 'a kite' }),
		).rejects.toMatchObject({
			status: 401,
			message: expect.stringContaining('API keys are not supported'),
		});
	});
});
