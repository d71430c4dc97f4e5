import * as jpeg from 'jpeg-js';
import { readCaptionMarker } from './caption-marker';
import { createTestJpeg, createTestPng } from './picture';
import { expectedPixelSize } from '../models/pixel-sizes';
import { startSimulator } from '../server/server';
import { answerImage, client, decodeAnswer, decodePng, generate, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
});
afterAll(() => sim.close());

describe('generated images', () => {
	it.each([
		['gemini-2.5-flash-image', '16:9', undefined],
		['gemini-2.5-flash-image', '3:4', '1K'],
		['gemini-3-pro-image-preview', '4:5', '2K'],
		['gemini-3.1-flash-image', '9:16', '512'],
		['gemini-3.1-flash-image', '1:8', '1K'],
		['gemini-3.1-flash-lite-image', undefined, undefined],
		['gemini-nano-banana-2.1', '4:1', '2K'],
	])('%s at %s %s has the documented pixel size', async (model, aspectRatio, imageSize) => {
		const imageConfig: Record<string, string> = {};
		if (aspectRatio) imageConfig.aspectRatio = aspectRatio;
		if (imageSize) imageConfig.imageSize = imageSize;
		const answer = await client(sim).models.generateContent({
			model,
			contents: 'a lighthouse at dusk',
			config: { imageConfig },
		});
		const image = answerImage(answer);
		// Nano Banana answered PNG; the Gemini 3 models and 2.1 answer JPEG, as live.
		expect(image?.mimeType).toBe(model === 'gemini-2.5-flash-image' ? 'image/png' : 'image/jpeg');
		const png = decodeAnswer(image!);
		expect({ width: png.width, height: png.height }).toEqual(
			expectedPixelSize(model, aspectRatio, imageSize),
		);
	});

	it('makes the largest 4K image (6336x2688), its caption in its metadata', async () => {
		const answer = await generate(
			sim,
			'gemini-3-pro-image',
			prompt('a very wide panorama, measured', {
				imageConfig: { aspectRatio: '21:9', imageSize: '4K' },
			}),
		);
		const png = decodeAnswer(answerImage(answer.body)!);
		expect([png.width, png.height]).toEqual([6336, 2688]);
		expect(readCaptionMarker(Buffer.from(answerImage(answer.body)!.data, 'base64'))).toEqual([
			'SIMULATED IMAGE - gemini-3-pro-image - 4K 6336x2688',
			'a very wide panorama, measured',
		]);
	});

	it('is not blank, and depends on prompt and seed only', async () => {
		const make = async (text: string, seed?: number): Promise<string> => {
			const answer = await generate(
				sim,
				'gemini-2.5-flash-image',
				prompt(text, seed === undefined ? undefined : { seed }),
			);
			return answerImage(answer.body)!.data;
		};
		const first = await make('a red fox', 7);
		expect(await make('a red fox', 7)).toBe(first);
		expect(await make('a red fox', 8)).not.toBe(first);
		expect(await make('a blue fox', 7)).not.toBe(first);
		const png = decodePng(first);
		const colours = new Set<number>();
		for (let i = 0; i < png.data.length; i += 4 * 997) colours.add(png.data.readUInt32BE(i));
		expect(colours.size).toBeGreaterThan(20);
	});

	it('follows the input image ratio when no aspect ratio is set', async () => {
		const input = await createTestPng(1600, 900);
		const answer = await generate(sim, 'gemini-3-pro-image', {
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'make it night' },
						{ inlineData: { mimeType: 'image/png', data: input.toString('base64') } },
					],
				},
			],
		});
		const png = decodeAnswer(answerImage(answer.body)!);
		expect([png.width, png.height]).toEqual([1376, 768]);

		const portrait = await createTestJpeg(600, 800);
		const second = await generate(sim, 'gemini-2.5-flash-image', {
			contents: [
				{
					parts: [
						{ text: 'edit' },
						{ inlineData: { mimeType: 'image/jpeg', data: portrait.toString('base64') } },
					],
				},
			],
		});
		const png2 = decodeAnswer(answerImage(second.body)!);
		expect([png2.width, png2.height]).toEqual([864, 1184]);
	});

	it('answers a real JPEG for [sim:jpeg]', async () => {
		const answer = await generate(
			sim,
			'gemini-3.1-flash-image',
			prompt('a jpeg please [sim:jpeg]', { imageConfig: { aspectRatio: '3:2' } }),
		);
		const image = answerImage(answer.body)!;
		expect(image.mimeType).toBe('image/jpeg');
		const decoded = jpeg.decode(Buffer.from(image.data, 'base64'));
		expect([decoded.width, decoded.height]).toEqual([1264, 848]);
	});
});

describe('answer shape', () => {
	it('puts a text part before the image unless only IMAGE is asked for', async () => {
		const both = await generate(sim, 'gemini-2.5-flash-image', prompt('a kite'));
		const parts = both.body.candidates[0].content.parts;
		expect(parts.map((p: object) => Object.keys(p)[0])).toEqual(['text', 'inlineData']);
		expect(parts[0].text).toContain('a kite');

		const imageOnly = await generate(
			sim,
			'gemini-2.5-flash-image',
			prompt('a kite', { responseModalities: ['IMAGE'] }),
		);
		expect(imageOnly.body.candidates[0].content.parts).toHaveLength(1);
		expect(imageOnly.body.candidates[0].content.parts[0].inlineData).toBeDefined();
	});

	it('matches Google’s envelope', async () => {
		const answer = await generate(sim, 'gemini-2.5-flash-image', prompt('a kite'));
		expect(answer.headers.get('content-type')).toBe('application/json; charset=UTF-8');
		const body = answer.body;
		expect(body.modelVersion).toBe('gemini-2.5-flash-image');
		expect(body.responseId).toMatch(/^[A-Za-z0-9]{20}$/);
		expect(body.candidates[0]).toMatchObject({
			content: { role: 'model' },
			finishReason: 'STOP',
			index: 0,
		});
		expect(body.usageMetadata).toMatchObject({
			promptTokenCount: expect.any(Number),
			candidatesTokenCount: expect.any(Number),
			totalTokenCount: expect.any(Number),
			promptTokensDetails: [{ modality: 'TEXT', tokenCount: expect.any(Number) }],
			candidatesTokensDetails: expect.arrayContaining([{ modality: 'IMAGE', tokenCount: 1290 }]),
		});
		expect(body.usageMetadata.thoughtsTokenCount).toBeUndefined();
		expect(
			body.candidates[0].content.parts.some(
				(p: { thoughtSignature?: string }) => p.thoughtSignature,
			),
		).toBe(false);
	});

	it('signs Gemini 3 answers and shows thoughts when asked', async () => {
		const answer = await generate(
			sim,
			'gemini-3-pro-image-preview',
			prompt('a map', { thinkingConfig: { includeThoughts: true } }),
		);
		const parts = answer.body.candidates[0].content.parts;
		expect(parts[0]).toMatchObject({ thought: true, text: expect.stringContaining('**') });
		expect(parts[1]).toMatchObject({ thought: true, inlineData: { mimeType: 'image/png' } });
		expect([
			decodePng(parts[1].inlineData.data).width,
			decodePng(parts[1].inlineData.data).height,
		]).toEqual([256, 256]);
		expect(parts[0].thoughtSignature).toBeUndefined();
		expect(parts[2].text).toBeDefined();
		expect(parts[2].thoughtSignature).toEqual(expect.any(String));
		expect(parts[3].inlineData).toBeDefined();
		expect(parts[3].thoughtSignature).toEqual(expect.any(String));
		expect(answer.body.usageMetadata.thoughtsTokenCount).toBeGreaterThan(0);

		const flash = await generate(
			sim,
			'gemini-3.1-flash-image',
			prompt('a map', { thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' } }),
		);
		const flashParts = flash.body.candidates[0].content.parts;
		expect(flashParts.filter((p: { thought?: boolean }) => p.thought)).toHaveLength(1);
	});

	it('adds grounding metadata for the googleSearch tool, in either spelling', async () => {
		for (const tool of [{ googleSearch: {} }, { google_search: {} }]) {
			const answer = await generate(sim, 'gemini-3.1-flash-image', {
				...prompt('weather in Paris today'),
				tools: [tool],
			});
			expect(answer.status).toBe(200);
			const grounding = answer.body.candidates[0].groundingMetadata;
			expect(grounding.webSearchQueries[0]).toContain('weather in Paris');
			expect(grounding.groundingChunks).toHaveLength(3);
			expect(grounding.groundingChunks[0].web).toEqual({
				uri: expect.stringMatching(/^https:\/\//),
				title: expect.any(String),
			});
			expect(grounding.groundingSupports[0]).toMatchObject({
				segment: { startIndex: 0 },
				groundingChunkIndices: [0, 1],
			});
			expect(grounding.searchEntryPoint.renderedContent).toContain('<style>');
		}
	});

	it('accepts snake_case requests as the REST API does', async () => {
		const answer = await generate(sim, 'gemini-3-pro-image', {
			contents: [{ role: 'user', parts: [{ text: 'snake' }] }],
			generation_config: {
				response_modalities: ['IMAGE'],
				image_config: { aspect_ratio: '16:9', image_size: '2K' },
			},
		});
		expect(answer.status).toBe(200);
		const png = decodeAnswer(answerImage(answer.body)!);
		expect([png.width, png.height]).toEqual([2752, 1536]);
	});

	it('answers text models with text, and streams through the SDK', async () => {
		const text = await generate(sim, 'gemini-2.5-flash', prompt('hello'));
		expect(text.body.candidates[0].content.parts).toEqual([{ text: expect.any(String) }]);

		const chunks = [];
		for await (const chunk of await client(sim).models.generateContentStream({
			model: 'gemini-2.5-flash-image',
			contents: 'streamed',
		})) {
			chunks.push(chunk);
		}
		expect(chunks).toHaveLength(1);
		expect(answerImage(chunks[0])?.mimeType).toBe('image/png');
	});

	it('works on /v1 as well as /v1beta', async () => {
		const answer = await client(sim, 'v1').models.generateContent({
			model: 'gemini-2.5-flash-image',
			contents: 'v1',
		});
		expect(answerImage(answer)).toBeDefined();
		expect(sim.requests.at(-1)).toMatchObject({
			apiVersion: 'v1',
			model: 'gemini-2.5-flash-image',
			status: 200,
		});
	});
});
