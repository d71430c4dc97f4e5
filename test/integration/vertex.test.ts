import type { IDataObject } from 'n8n-workflow';
import { imageSize } from 'image-size';

import { GeminiImageVertexApi } from '../../credentials/GeminiImageVertexApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import { runNode, testCredential } from '../harness';
import type { RunResult } from '../harness';
import type { ServiceAccountKey } from '../simulator';
import {
	createTestServiceAccount,
	deleteServiceAccountKey,
	expireVertexTokens,
	registerExpressKey,
} from '../simulator';
import { carryOn, model, noisePng, pngBytes, useSimulator } from './setup';
import type { ErrorJson } from './setup';

const simulator = useSimulator();
const PROJECT = 'image-team-prod';
const EXPRESS_KEY = 'AQ.express-key-for-the-test';

let account: ServiceAccountKey;

beforeAll(async () => {
	account = await createTestServiceAccount(simulator(), { projectId: PROJECT });
	await registerExpressKey(simulator(), EXPRESS_KEY, PROJECT);
});

const serviceAccountCredential = (over: IDataObject = {}): IDataObject => ({
	authType: 'serviceAccount',
	serviceAccountKey: JSON.stringify(account),
	projectId: '',
	location: 'global',
	baseUrl: simulator().url,
	apiVersion: 'v1beta1',
	...over,
});

const expressCredential = (over: IDataObject = {}): IDataObject => ({
	authType: 'expressKey',
	apiKey: EXPRESS_KEY,
	baseUrl: simulator().url,
	apiVersion: 'v1beta1',
	...over,
});

function runOnVertex(
	parameters: Record<string, unknown>,
	credential: IDataObject = serviceAccountCredential(),
	options: { continueOnFail?: boolean; input?: Parameters<typeof runNode>[0]['input'] } = {},
): Promise<RunResult> {
	return runNode({
		nodeType: new GeminiImage(),
		parameters: { authentication: 'vertexAi', ...parameters },
		credentials: {
			geminiImageVertexApi: { type: new GeminiImageVertexApi(), data: credential },
		},
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

const generate = (prompt: string, extra: Record<string, unknown> = {}) => ({
	operation: 'generate',
	model: model('gemini-3-pro-image'),
	prompt,
	...extra,
});

const vertexCalls = () =>
	simulator().requests.filter((request) => request.path.includes('/publishers/google/models/'));
const tokenRequests = () => simulator().requests.filter((request) => request.path === '/token');

function errorOf(result: RunResult, index = 0): ErrorJson {
	return result.items[index].json.error as unknown as ErrorJson;
}

describe('Vertex AI with a service account', () => {
	it('generates an image in the project and location, signed in with a token fetched once', async () => {
		const credential = serviceAccountCredential();
		const first = await runOnVertex(
			generate('A lighthouse at dawn', { options: { imageSize: '2K' } }),
			credential,
		);
		const second = await runOnVertex(generate('A lighthouse at dusk'), credential, {
			input: [{ json: {} }, { json: {} }],
		});
		expect(first.items).toHaveLength(1);
		expect(second.items).toHaveLength(2);
		const [call] = vertexCalls();
		expect(call.path).toBe(
			`/v1beta1/projects/${PROJECT}/locations/global/publishers/google/models/gemini-3-pro-image:generateContent`,
		);
		expect(call.serviceAccount).toBe(account.client_email);
		expect(call.headers.authorization).toBe('Bearer [redacted]');
		expect(call.headers['x-goog-api-key']).toBeUndefined();
		expect(vertexCalls()).toHaveLength(3);
		expect(tokenRequests()).toHaveLength(1);
		const bytes = await first.readBinary(first.items[0], 'data');
		expect(imageSize(bytes)).toMatchObject({ width: 2048, height: 2048 });
		expect(first.items[0].json).toMatchObject({
			model: 'gemini-3-pro-image',
			finishReason: 'STOP',
		});
		expect(JSON.stringify([first.items, second.items, first.logs, second.logs])).not.toContain(
			account.private_key.split('\n')[2],
		);
	});

	it('uses the project of the credential over the key’s, and says when it is not allowed there', async () => {
		const result = await runOnVertex(
			generate('A lighthouse'),
			serviceAccountCredential({ projectId: 'someone-elses-project' }),
			{ continueOnFail: true },
		);
		const error = errorOf(result);
		expect(error.message).toBe(
			"Vertex AI error for item 0: Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/someone-elses-project/locations/global/publishers/google/models/gemini-3-pro-image' (or it may not exist). [403 PERMISSION_DENIED]",
		);
		expect(error.description).toContain('roles/aiplatform.user');
		expect(error.description).toContain('someone-elses-project');
		expect(error.retryable).toBe(false);
	});

	it('says what to do when the key was revoked, and asks for a new token then', async () => {
		const revoked = await createTestServiceAccount(simulator(), { projectId: PROJECT });
		const credential = serviceAccountCredential({ serviceAccountKey: JSON.stringify(revoked) });
		await runOnVertex(generate('Before'), credential);
		await deleteServiceAccountKey(simulator(), revoked);
		await expireVertexTokens(simulator(), revoked);
		simulator().reset();
		// The kept token is refused (401): it is dropped, and the next run signs in anew.
		const refused = await runOnVertex(generate('After'), credential, { continueOnFail: true });
		expect(errorOf(refused).message).toMatch(
			/^Vertex AI error for item 0: Request had invalid authentication credentials/,
		);
		expect(errorOf(refused).description).toMatch(/could not sign in.*Create a new JSON key/);
		const again = await runOnVertex(generate('After'), credential, { continueOnFail: true });
		expect(errorOf(again)).toMatchObject({
			message:
				'Vertex AI sign-in failed for item 0: Google refused the service-account key (invalid_grant: Invalid JWT Signature.)',
			reason: 'SERVICE_ACCOUNT_REFUSED',
			retryable: false,
		});
		expect(errorOf(again).description).toMatch(/create a new JSON key/);
		expect(tokenRequests()).toHaveLength(1);
		expect(JSON.stringify(again.items)).not.toContain('PRIVATE KEY');
	});

	it('refuses a key it cannot read before any request, naming the credential', async () => {
		const result = await runOnVertex(
			generate('A lighthouse'),
			serviceAccountCredential({ serviceAccountKey: '{"type": "service_account"' }),
			{ continueOnFail: true },
		);
		expect(errorOf(result).message).toBe(
			'The service-account key is not valid JSON. Paste the whole JSON key file of the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON) (Gemini Image (Vertex AI) API credential, item 0)',
		);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Vertex AI with an express-mode key', () => {
	it('generates on the express path with the key in a header', async () => {
		const result = await runOnVertex(generate('A paper boat', {}), expressCredential());
		expect(result.items[0].binary?.data).toBeDefined();
		const [call] = vertexCalls();
		expect(call.path).toBe('/v1beta1/publishers/google/models/gemini-3-pro-image:generateContent');
		expect(call.apiKeySource).toBe('header');
		expect(call.project).toBe(PROJECT);
		expect(JSON.stringify(result.items)).not.toContain(EXPRESS_KEY);
	});

	it("shows Vertex AI's message for a key it does not know, and never the key", async () => {
		const secret = 'AIzaSy-a-gemini-api-key-not-vertex';
		const result = await runOnVertex(
			generate('A paper boat'),
			expressCredential({ apiKey: secret }),
			{
				continueOnFail: true,
			},
		);
		expect(errorOf(result).message).toMatch(
			/^Vertex AI error for item 0: API keys are not supported by this API/,
		);
		expect(errorOf(result).description).toMatch(/express-mode key was refused/);
		expect(JSON.stringify(result.items)).not.toContain(secret);
	});
});

describe("Vertex AI's own image options", () => {
	it('answers in the asked format and quality, and sends the people settings', async () => {
		const result = await runOnVertex(
			generate('A market street', {
				options: {
					outputFormat: 'image/webp',
					compressionQuality: 60,
					personGeneration: 'ALLOW_ADULT',
					prominentPeople: 'BLOCK_PROMINENT_PEOPLE',
					aspectRatio: '16:9',
				},
			}),
		);
		const item = result.items[0];
		expect(item.json).toMatchObject({ mimeType: 'image/webp', width: 1376, height: 768 });
		expect(item.binary?.data.fileName).toMatch(/\.webp$/);
		const body = vertexCalls()[0].body as { generationConfig: { imageConfig: unknown } };
		expect(body.generationConfig.imageConfig).toEqual({
			aspectRatio: '16:9',
			personGeneration: 'ALLOW_ADULT',
			imageOutputOptions: { mimeType: 'image/webp', compressionQuality: 60 },
			prominentPeople: 'BLOCK_PROMINENT_PEOPLE',
		});
	});

	it('sends no quality with PNG, and refuses a quality out of range before sending', async () => {
		await runOnVertex(
			generate('A kite', { options: { outputFormat: 'image/png', compressionQuality: 80 } }),
		);
		const body = vertexCalls()[0].body as { generationConfig: { imageConfig: unknown } };
		expect(body.generationConfig.imageConfig).toEqual({
			imageOutputOptions: { mimeType: 'image/png' },
		});
		simulator().reset();
		const refused = await runOnVertex(
			generate('A kite', { options: { outputFormat: 'image/jpeg', compressionQuality: 150 } }),
			serviceAccountCredential(),
			{ continueOnFail: true },
		);
		expect(errorOf(refused).message).toBe(
			'Compression quality 150 is not a whole number from 0 to 100 (item 0)',
		);
		expect(errorOf(refused).description).toContain(
			'Parameter "Options > Compression Quality (Vertex AI)"',
		);
		expect(vertexCalls()).toHaveLength(0);
	});

	it('never sends them to the Gemini API, where they are not offered', async () => {
		const result = await runNode({
			nodeType: new GeminiImage(),
			typeVersion: 1.1,
			parameters: generate('A kite', {
				options: { outputFormat: 'image/webp', personGeneration: 'ALLOW_NONE' },
			}),
			credentials: {
				geminiImageApi: {
					type: new (await import('../../credentials/GeminiImageApi.credentials')).GeminiImageApi(),
					data: { apiKey: simulator().apiKey, baseUrl: simulator().url, apiVersion: 'v1beta' },
				},
			},
		});
		expect(result.items[0].json.mimeType).toBe('image/jpeg');
		const [call] = simulator().requests.filter((r) => r.path.endsWith(':generateContent'));
		expect(JSON.stringify(call.body)).not.toMatch(
			/personGeneration|imageOutputOptions|outputMimeType/,
		);
	});
});

describe('what Vertex AI lacks', () => {
	it('sends images inline, and refuses more than 20 MB of them before any request', async () => {
		const small = await runOnVertex(
			{ operation: 'edit', model: model('gemini-3-pro-image'), prompt: 'Warmer light' },
			serviceAccountCredential(),
			{
				input: [
					{ json: {}, binary: { data: { data: await pngBytes(64, 48), mimeType: 'image/png' } } },
				],
			},
		);
		expect(small.items[0].binary?.data).toBeDefined();
		const parts = (vertexCalls()[0].body as { contents: Array<{ parts: object[] }> }).contents[0]
			.parts;
		expect(parts.some((part) => 'inlineData' in part)).toBe(true);
		simulator().reset();
		const big = await noisePng(2800, 2100, 'rgba');
		const refused = await runOnVertex(
			{ operation: 'edit', model: model('gemini-3-pro-image'), prompt: 'Warmer light' },
			serviceAccountCredential(),
			{
				continueOnFail: true,
				input: [{ json: {}, binary: { data: { data: big, mimeType: 'image/png' } } }],
			},
		);
		expect(errorOf(refused).message).toMatch(
			/^The images of item 0 make a \d+ MB request, more than the 20 MB Vertex AI takes inline$/,
		);
		expect(errorOf(refused).description).toMatch(/no Files API/);
		expect(simulator().requests.filter((r) => !r.path.startsWith('/token'))).toHaveLength(0);
	});

	it('sends Cloud Storage images by their gs:// URI, whatever their size, and keeps them for Refine', async () => {
		const edited = await runOnVertex(
			{
				operation: 'edit',
				model: model('gemini-3-pro-image'),
				prompt: 'Put the chair in the room',
				cloudStorageImages:
					'gs://product-shots/chairs/oak-chair.png, gs://product-shots/rooms/loft.jpg',
			},
			serviceAccountCredential(),
			{
				input: [
					{ json: {}, binary: { data: { data: await pngBytes(64, 48), mimeType: 'image/png' } } },
				],
			},
		);
		expect(edited.items[0].binary?.data).toBeDefined();
		const parts = (vertexCalls()[0].body as { contents: Array<{ parts: object[] }> }).contents[0]
			.parts;
		expect(parts.filter((part) => 'fileData' in part)).toEqual([
			{ fileData: { fileUri: 'gs://product-shots/chairs/oak-chair.png', mimeType: 'image/png' } },
			{ fileData: { fileUri: 'gs://product-shots/rooms/loft.jpg', mimeType: 'image/jpeg' } },
		]);
		expect(parts.filter((part) => 'inlineData' in part)).toHaveLength(1);
		const refined = await runOnVertex(
			{ operation: 'refine', prompt: 'Now in the evening' },
			serviceAccountCredential(),
			{ input: [await carryOn(edited, edited.items[0])] },
		);
		expect(refined.items[0].binary?.data).toBeDefined();
		const history = (vertexCalls()[1].body as { contents: Array<{ parts: object[] }> }).contents[0]
			.parts;
		expect(history.filter((part) => 'fileData' in part)).toHaveLength(2);
	});

	it('says which Cloud Storage URI it cannot use, naming the parameter', async () => {
		const result = await runOnVertex(
			{
				operation: 'compose',
				model: model('gemini-3-pro-image'),
				prompt: 'Combine them',
				referenceSource: 'allProperties',
				cloudStorageImages: 'https://storage.googleapis.com/product-shots/chair.png',
			},
			serviceAccountCredential(),
			{ continueOnFail: true },
		);
		expect(errorOf(result).message).toBe(
			'"https://storage.googleapis.com/product-shots/chair.png" is not a Cloud Storage URI (gs://bucket/path/to/image.png) (item 0)',
		);
		expect(errorOf(result).description).toContain('Parameter "Cloud Storage Images (Vertex AI)"');
		expect(vertexCalls()).toHaveLength(0);
	});

	it('refuses batch jobs, naming Cloud Storage and BigQuery', async () => {
		const { error } = await runOnVertex(generate('A kite', { runAs: 'batch' }));
		expect(error?.message).toBe('Run As: Batch Job is not available on Vertex AI');
		expect(error?.description).toMatch(/Cloud Storage or BigQuery/);
		const results = await runOnVertex({
			resource: 'batch',
			operation: 'getBatchResults',
			batchJob: { __rl: true, mode: 'id', value: 'batches/1' },
		});
		expect(results.error?.message).toBe('Get Batch Results is not available on Vertex AI');
		expect(vertexCalls()).toHaveLength(0);
	});

	it('continues a conversation in the items, and refuses one kept by the Gemini API', async () => {
		const first = await runOnVertex(generate('A red bicycle'));
		const next = await carryOn(first, first.items[0]);
		const refined = await runOnVertex(
			{ operation: 'refine', prompt: 'Make it blue' },
			serviceAccountCredential(),
			{ input: [next] },
		);
		expect(refined.items[0].binary?.data).toBeDefined();
		const contents = (vertexCalls()[1].body as { contents: unknown[] }).contents;
		expect(contents).toHaveLength(3);
		const stored = await runOnVertex(
			{ operation: 'refine', prompt: 'Make it blue', interactionId: 'v1_kept-by-the-gemini-api' },
			serviceAccountCredential(),
			{ continueOnFail: true },
		);
		expect(errorOf(stored).message).toBe(
			'Interaction v1_kept-by-the-gemini-api is kept by the Gemini API, which Vertex AI cannot reach (item 0)',
		);
	});
});

describe('Gemini Image (Vertex AI) API credential', () => {
	const test = (data: IDataObject) =>
		testCredential(new GeminiImageVertexApi(), data, new GeminiImage());

	it('signs in, lists the image models and checks the project', async () => {
		const result = await test(serviceAccountCredential());
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(
			new RegExp(
				`^Connection successful in project ${PROJECT}, location global: \\d+ image models available\\.$`,
			),
		);
		const paths = simulator().requests.map((r) => r.path);
		expect(paths).toContain('/v1beta1/publishers/google/models');
		expect(
			paths.some(
				(p) =>
					p.startsWith(`/v1beta1/projects/${PROJECT}/locations/global/`) &&
					p.endsWith(':countTokens'),
			),
		).toBe(true);
	});

	it('says which project refused, and what to grant', async () => {
		const result = await test(serviceAccountCredential({ projectId: 'wrong-project-42' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Signed in, but project "wrong-project-42" \(location global\) refused a request: Permission 'aiplatform.endpoints.predict' denied/,
		);
		expect(result.message).toContain('Vertex AI User (roles/aiplatform.user)');
		expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
	});

	it('says the key was refused when it was revoked', async () => {
		const revoked = await createTestServiceAccount(simulator(), { projectId: PROJECT });
		await deleteServiceAccountKey(simulator(), revoked);
		const result = await test(
			serviceAccountCredential({ serviceAccountKey: JSON.stringify(revoked) }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Could not list models: Google refused the service-account key \(invalid_grant: Invalid JWT Signature\.\) \[HTTP 400\]\. .*create a new JSON key/,
		);
		expect(JSON.stringify(result)).not.toContain(revoked.private_key.split('\n')[1]);
	});

	it('says what is wrong with a pasted key without showing it', async () => {
		const result = await test(serviceAccountCredential({ serviceAccountKey: 'secret-not-json' }));
		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toMatch(/^The service-account key is not valid JSON/);
		expect(result.message).not.toContain('secret-not-json');
	});

	it('checks an express-mode key where listing is closed to keys', async () => {
		const ok = await test(expressCredential());
		expect(ok).toMatchObject({ status: 'OK' });
		expect(ok.message).toMatch(/^Connection successful \(express mode\)/);
		const bad = await test(expressCredential({ apiKey: 'AQ.not-registered' }));
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/API keys are not supported by this API/);
	});
});
