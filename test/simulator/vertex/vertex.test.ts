import {
	createTestServiceAccount,
	expectedPixelSize,
	FINISH_MESSAGES,
	startSimulator,
	type ServiceAccountKey,
	type Simulator,
} from '..';
import { probeImage } from '../images/probe';
import { answerImage, generate, prompt } from '../test-helpers';
import {
	accessToken,
	callVertex,
	expressPath,
	imagePrompt,
	KeyFileAuthClient,
	vertexClient,
	vertexPath,
} from './test-helpers';
import sharp from 'sharp';

const MODEL = 'gemini-3-pro-image';
const PROJECT = 'vertex-options-project';

let sim: Simulator;
let key: ServiceAccountKey;
let token: string;

beforeAll(async () => {
	sim = await startSimulator({
		signatureBytes: 0,
		retiredModels: ['gemini-3-pro-image-preview'],
		vertexExpressKeys: { 'express-options': PROJECT },
	});
	key = await createTestServiceAccount(sim, { projectId: PROJECT });
	token = await accessToken(key);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function generateOnVertex(
	body: unknown,
	{ model = MODEL, location = 'global' }: { model?: string; location?: string } = {},
) {
	return callVertex(sim, vertexPath(PROJECT, model, { location }), body, token);
}

function imageBytes(body: any): { mimeType: string; bytes: Buffer } {
	const image = answerImage(body)!;
	return { mimeType: image.mimeType, bytes: Buffer.from(image.data, 'base64') };
}

/** RGBA pixels of a PNG, JPEG or WebP answer, decoded by libvips. */
async function pixelsOf(image: { bytes: Buffer }): Promise<{
	width: number;
	height: number;
	data: Buffer;
}> {
	const { data, info } = await sharp(image.bytes)
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { width: info.width, height: info.height, data };
}

describe('generateContent on Vertex AI', () => {
	it('answers through the Gemini pipeline with Vertex AI fields', async () => {
		const call = await generateOnVertex(imagePrompt('a harbour at dawn', { aspectRatio: '16:9' }));
		expect(call.status).toBe(200);
		const image = imageBytes(call.body);
		expect(image.mimeType).toBe('image/jpeg');
		expect(probeImage(image.bytes)).toMatchObject(expectedPixelSize(MODEL, '16:9', '1K'));
		expect(call.body.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		expect(call.body.usageMetadata.trafficType).toBe('ON_DEMAND');
		expect(call.body.modelVersion).toBe(MODEL);
		expect(Object.keys(call.body)).toEqual([
			'candidates',
			'usageMetadata',
			'modelVersion',
			'createTime',
			'responseId',
		]);
		expect(call.body.candidates[0].content.parts.at(-1).thoughtSignature).toEqual(
			expect.any(String),
		);
	});

	it('serves /v1 too, and the express path', async () => {
		const v1 = await callVertex(
			sim,
			vertexPath(PROJECT, MODEL, { version: 'v1' }),
			imagePrompt('a harbour'),
			token,
		);
		expect(v1.status).toBe(200);
		const express = await callVertex(sim, expressPath(MODEL, 'v1'), imagePrompt('a harbour'), {
			apiKey: 'express-options',
		});
		expect(express.status).toBe(200);
	});

	it('keeps the markers: refusals, and a 429 in Vertex AI words without RetryInfo', async () => {
		const refusal = await generateOnVertex(imagePrompt('a castle [sim:refusal]'));
		expect(refusal.status).toBe(200);
		expect(refusal.body.candidates[0]).toMatchObject({
			finishReason: 'IMAGE_SAFETY',
			finishMessage: FINISH_MESSAGES.IMAGE_SAFETY,
		});
		const limited = await generateOnVertex(imagePrompt('a castle [sim:429]'));
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			error: {
				code: 429,
				status: 'RESOURCE_EXHAUSTED',
				message:
					'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
			},
		});
		const invalid = await generateOnVertex(imagePrompt('a castle', { aspectRatio: '7:3' }));
		expect(invalid.status).toBe(400);
		expect(invalid.body.error.message).toContain('Unsupported aspect ratio');
	});

	it('serves Gemini 3 image models in global only; older ones in regions too', async () => {
		const regional = await generateOnVertex(imagePrompt('a castle'), { location: 'us-central1' });
		expect(regional.status).toBe(404);
		expect(regional.body.error).toEqual({
			code: 404,
			status: 'NOT_FOUND',
			message: `Publisher Model \`projects/${PROJECT}/locations/us-central1/publishers/google/models/${MODEL}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
		});
		const older = await generateOnVertex(imagePrompt('a castle'), {
			model: 'gemini-2.5-flash-image',
			location: 'us-central1',
		});
		expect(older.status).toBe(200);
		expect(imageBytes(older.body).mimeType).toBe('image/png');
		const retired = await generateOnVertex(imagePrompt('a castle'), {
			model: 'gemini-3-pro-image-preview',
		});
		expect(retired.status).toBe(404);
		const unknown = await generateOnVertex(imagePrompt('a castle'), { model: 'gemini-9-image' });
		expect(unknown.status).toBe(404);
	});

	it('checks the thought signatures of a model turn sent back', async () => {
		const first = await generateOnVertex(imagePrompt('a tower'));
		const turn = first.body.candidates[0].content;
		const again = {
			contents: [
				{ role: 'user', parts: [{ text: 'a tower' }] },
				turn,
				{ role: 'user', parts: [{ text: 'make it taller' }] },
			],
			generationConfig: { responseModalities: ['IMAGE'] },
		};
		expect((await generateOnVertex(again)).status).toBe(200);
		const stripped = structuredClone(again);
		delete (stripped.contents[1].parts.at(-1) as any).thoughtSignature;
		const refused = await generateOnVertex(stripped);
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toContain('missing a thought_signature');
	});

	it('streams with a last chunk holding an empty text part', async () => {
		const response = await fetch(
			`${sim.url}${vertexPath(PROJECT, MODEL, { action: 'streamGenerateContent' })}?alt=sse`,
			{
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(imagePrompt('a bridge')),
			},
		);
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const chunks = (await response.text())
			.split('\r\n\r\n')
			.filter(Boolean)
			.map((event) => JSON.parse(event.replace(/^data: /, '')));
		expect(chunks).toHaveLength(2);
		expect(chunks[0].candidates[0].content.parts[0].inlineData).toBeDefined();
		expect(chunks[1].candidates[0]).toMatchObject({
			content: { role: 'model', parts: [{ text: '' }] },
			finishReason: 'STOP',
		});
		expect(chunks[1].usageMetadata.trafficType).toBe('ON_DEMAND');
	});

	it('counts a quota per project and answers Vertex AI 429s past it', async () => {
		const limited = await startSimulator({
			signatureBytes: 0,
			quota: { requests: 1, windowMs: 60_000 },
		});
		try {
			const account = await createTestServiceAccount(limited, { projectId: PROJECT });
			const bearer = await accessToken(account);
			const path = vertexPath(PROJECT, MODEL);
			expect((await callVertex(limited, path, imagePrompt('a'), bearer)).status).toBe(200);
			const refused = await callVertex(limited, path, imagePrompt('b'), bearer);
			expect(refused.status).toBe(429);
			expect(refused.body.error.details).toBeUndefined();
		} finally {
			await limited.close();
		}
	});
});

describe('Vertex AI image options', () => {
	it('answers a PNG, a JPEG at the asked quality, or a WebP, all of the asked size', async () => {
		const size = expectedPixelSize(MODEL, '4:3', '1K');
		const ask = (imageOutputOptions: unknown) =>
			generateOnVertex(imagePrompt('a garden', { aspectRatio: '4:3', imageOutputOptions }));
		const png = imageBytes((await ask({ mimeType: 'image/png' })).body);
		const low = imageBytes((await ask({ mimeType: 'image/jpeg', compressionQuality: 20 })).body);
		const high = imageBytes((await ask({ mimeType: 'image/jpeg', compressionQuality: 95 })).body);
		const webp = imageBytes((await ask({ mimeType: 'image/webp' })).body);
		expect([png.mimeType, low.mimeType, high.mimeType, webp.mimeType]).toEqual([
			'image/png',
			'image/jpeg',
			'image/jpeg',
			'image/webp',
		]);
		for (const image of [png, low, high, webp]) {
			expect(probeImage(image.bytes)).toMatchObject(size);
			expect(await pixelsOf(image)).toMatchObject(size);
		}
		expect(low.bytes.length).toBeLessThan(high.bytes.length);
		expect(low.bytes.equals(high.bytes)).toBe(false);
		// The WebP is lossless: the very pixels of the PNG answer to the same prompt.
		expect((await pixelsOf(webp)).data.equals((await pixelsOf(png)).data)).toBe(true);
		expect(webp.bytes.toString('ascii', 12, 16)).toBe('VP8L');
		expect(webp.bytes.readUInt32LE(4)).toBe(webp.bytes.length - 8);
	});

	it('gives a WebP at a lower quality other, smaller bytes', async () => {
		const ask = (imageOutputOptions: unknown) =>
			generateOnVertex(imagePrompt('a meadow', { imageOutputOptions }));
		const lossless = imageBytes((await ask({ mimeType: 'image/webp' })).body);
		const fine = imageBytes((await ask({ mimeType: 'image/webp', compressionQuality: 90 })).body);
		const lossy = imageBytes((await ask({ mimeType: 'image/webp', compressionQuality: 30 })).body);
		expect(lossy.bytes.equals(lossless.bytes)).toBe(false);
		expect(lossy.bytes.length).toBeLessThan(fine.bytes.length);
		expect(await pixelsOf(lossy)).toMatchObject(expectedPixelSize(MODEL, '1:1', '1K'));
	});

	it('signs the re-encoded image, so the next turn validates', async () => {
		const first = await generateOnVertex(
			imagePrompt('a tower', { imageOutputOptions: { mimeType: 'image/webp' } }),
		);
		const turn = first.body.candidates[0].content;
		expect(turn.parts.at(-1).inlineData.mimeType).toBe('image/webp');
		const next = await generateOnVertex({
			contents: [
				{ role: 'user', parts: [{ text: 'a tower' }] },
				turn,
				{ role: 'user', parts: [{ text: 'at night' }] },
			],
		});
		expect(next.status).toBe(200);
	});

	it('takes what the SDK sends for outputMimeType, outputCompressionQuality and the people options', async () => {
		const ai = vertexClient(sim, new KeyFileAuthClient(key), PROJECT);
		const response = await ai.models.generateContent({
			model: MODEL,
			contents: 'a portrait of a gardener',
			config: {
				responseModalities: ['IMAGE'],
				imageConfig: {
					outputMimeType: 'image/jpeg',
					outputCompressionQuality: 40,
					personGeneration: 'ALLOW_ADULT',
					prominentPeople: 'BLOCK_PROMINENT_PEOPLE' as any,
				},
			},
		});
		const part = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData);
		expect(part?.inlineData?.mimeType).toBe('image/jpeg');
		const body = sim.requests.find((r) => r.path.endsWith(':generateContent'))!.body as any;
		expect(body.generationConfig.imageConfig).toEqual({
			personGeneration: 'ALLOW_ADULT',
			imageOutputOptions: { mimeType: 'image/jpeg', compressionQuality: 40 },
			prominentPeople: 'BLOCK_PROMINENT_PEOPLE',
		});
	});

	it('refuses values out of range with Google field errors', async () => {
		const cases: Array<[Record<string, unknown>, string, string]> = [
			[
				{ personGeneration: 'DONT_ALLOW' },
				'generation_config.image_config.person_generation',
				`Invalid value at 'generation_config.image_config.person_generation' (type.googleapis.com/google.cloud.aiplatform.v1beta1.ImageConfig.PersonGeneration), "DONT_ALLOW"`,
			],
			[
				{ prominentPeople: 'ALLOW_EVERYONE' },
				'generation_config.image_config.prominent_people',
				`Invalid value at 'generation_config.image_config.prominent_people' (type.googleapis.com/google.cloud.aiplatform.v1beta1.ImageConfig.ProminentPeople), "ALLOW_EVERYONE"`,
			],
			[
				{ imageOutputOptions: { mimeType: 'image/jpeg', compressionQuality: 101 } },
				'generation_config.image_config.image_output_options.compression_quality',
				'compression_quality must be between 0 and 100, got 101.',
			],
			[
				{ imageOutputOptions: { mimeType: 'image/jpeg', compressionQuality: 50.5 } },
				'generation_config.image_config.image_output_options.compression_quality',
				`Invalid value at 'generation_config.image_config.image_output_options.compression_quality' (TYPE_INT32), 50.5`,
			],
			[
				{ imageOutputOptions: { mimeType: 'image/gif' } },
				'generation_config.image_config.image_output_options.mime_type',
				'Unsupported image output mime type "image/gif". Supported values are: image/png, image/jpeg, image/webp.',
			],
			[
				{ imageOutputOptions: { mimeType: 'image/png', compressionQuality: 80 } },
				'generation_config.image_config.image_output_options.compression_quality',
				'compression_quality is only supported for image/jpeg and image/webp output.',
			],
			[
				{ imageOutputOptions: { format: 'png' } },
				'generation_config.image_config.image_output_options',
				`Invalid JSON payload received. Unknown name "format" at 'generation_config.image_config.image_output_options': Cannot find field.`,
			],
		];
		for (const [imageConfig, field, message] of cases) {
			const call = await generateOnVertex(imagePrompt('a garden', imageConfig));
			expect(call.status).toBe(400);
			expect(call.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message });
			expect(call.body.error.details[0].fieldViolations[0].field).toBe(field);
		}
		const fine = await generateOnVertex(
			imagePrompt('a garden', {
				personGeneration: 'ALLOW_NONE',
				prominentPeople: 'ALLOW_PROMINENT_PEOPLE',
			}),
		);
		expect(fine.status).toBe(200);
	});

	it('takes snake_case names as the REST API does', async () => {
		const call = await generateOnVertex({
			contents: [{ role: 'user', parts: [{ text: 'a pond' }] }],
			generation_config: {
				image_config: {
					person_generation: 'ALLOW_ALL',
					image_output_options: { mime_type: 'image/png' },
				},
			},
		});
		expect(call.status).toBe(200);
		expect(imageBytes(call.body).mimeType).toBe('image/png');
	});
});

describe('files on Vertex AI', () => {
	it('takes a gs:// URI as an image of its mimeType, and refuses Files API URIs', async () => {
		const withFile = (fileData: Record<string, unknown>) => ({
			contents: [{ role: 'user', parts: [{ text: 'make it blue' }, { fileData }] }],
		});
		const gcs = await generateOnVertex(
			withFile({ fileUri: 'gs://my-bucket/photos/cat.png', mimeType: 'image/png' }),
		);
		expect(gcs.status).toBe(200);
		expect(probeImage(imageBytes(gcs.body).bytes)).toMatchObject(
			expectedPixelSize(MODEL, '1:1', '1K'),
		);

		const noType = await generateOnVertex(withFile({ fileUri: 'gs://my-bucket/photos/cat.png' }));
		expect(noType.status).toBe(400);
		expect(noType.body.error.message).toContain('mime_type is not specified');

		const filesApi = `${sim.url}/v1beta/files/abc123`;
		const refused = await generateOnVertex(withFile({ fileUri: filesApi, mimeType: 'image/png' }));
		expect(refused.status).toBe(400);
		expect(refused.body.error).toEqual({
			code: 400,
			status: 'INVALID_ARGUMENT',
			message: `Unsupported file uri: ${filesApi}`,
		});
		const short = await generateOnVertex(
			withFile({ fileUri: 'files/abc123', mimeType: 'image/png' }),
		);
		expect(short.status).toBe(400);
	});
});

describe('what Vertex AI paths do not have', () => {
	it('answers 404 for the Batch API, the Files API and the Interactions API', async () => {
		const paths: Array<[string, string]> = [
			['POST', vertexPath(PROJECT, MODEL, { action: 'batchGenerateContent' })],
			['GET', '/v1beta1/files'],
			['POST', '/upload/v1beta1/files'],
			['POST', `/v1beta1/projects/${PROJECT}/locations/global/interactions`],
			['POST', '/v1beta1/interactions'],
			['GET', `/v1beta1/projects/${PROJECT}/locations/global/batches`],
		];
		for (const [method, path] of paths) {
			const call = await callVertex(sim, path, method === 'POST' ? {} : undefined, token, method);
			expect([method, path, call.status]).toEqual([method, path, 404]);
			expect(call.body.error).toMatchObject({
				code: 404,
				status: 'NOT_FOUND',
				message: 'Method not found.',
			});
		}
	});
});

describe('the Gemini API refuses Vertex AI-only fields', () => {
	it.each([
		['personGeneration', { personGeneration: 'ALLOW_ALL' }],
		['prominentPeople', { prominentPeople: 'BLOCK_PROMINENT_PEOPLE' }],
		['imageOutputOptions', { imageOutputOptions: { mimeType: 'image/jpeg' } }],
		['outputMimeType', { outputMimeType: 'image/jpeg' }],
	])('answers the front end 400 for %s', async (name, imageConfig) => {
		const answer = await generate(sim, MODEL, prompt('a garden', { imageConfig }));
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			`Invalid JSON payload received. Unknown name "${name}" at 'generation_config.image_config': Cannot find field.`,
		);
	});

	it('is guarded by the SDK too, which throws before sending', async () => {
		const { GoogleGenAI } = await import('@google/genai');
		const ai = new GoogleGenAI({
			apiKey: sim.apiKey,
			httpOptions: { baseUrl: sim.url, apiVersion: 'v1beta' },
		});
		await expect(
			ai.models.generateContent({
				model: MODEL,
				contents: 'a garden',
				config: { imageConfig: { outputMimeType: 'image/webp' } },
			}),
		).rejects.toThrow('outputMimeType parameter is only supported in');
		expect(sim.requests).toHaveLength(0);
	});
});
