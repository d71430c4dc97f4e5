/**
 * Today's line-up as a user meets it, against a simulator that serves what Google serves now:
 * a fresh node on Nano Banana 2.1, saved nodes on deprecated and shut-down ids, image search grounding, GIF
 * inputs and masks.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MASK_INSTRUCTION } from '../../nodes/GeminiImage/operations/edit';
import { GOOGLE_RETIRED_MODELS } from '../simulator';
import {
	carryOn,
	file,
	GIF_BYTES,
	generateRequests,
	imageOf,
	model,
	pngBytes,
	requestBody,
	requestContents,
	runGeminiImage,
	useSimulator,
} from './setup';

const simulator = useSimulator();

const NOT_FOUND = (id: string) =>
	`models/${id} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`;

describe('a fresh node', () => {
	it('generates on Nano Banana 2.1 with nothing but a prompt', async () => {
		const result = await runGeminiImage(simulator(), { operation: 'generate', prompt: 'A kite' });
		expect(result.error).toBeUndefined();
		const [request] = generateRequests(simulator());
		expect(request.path).toBe('/v1beta/models/gemini-nano-banana-2.1:generateContent');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			model: 'gemini-nano-banana-2.1',
			finishReason: 'STOP',
			width: 1024,
			height: 1024,
			estimatedCostUsd: 0.0336,
		});
	});

	it('sends Medium thinking on 2.1 and refuses it on Nano Banana 2 before any request', async () => {
		const ok = await runGeminiImage(simulator(), {
			operation: 'generate',
			prompt: 'A kite',
			options: { thinkingLevel: 'MEDIUM' },
		});
		expect(ok.error).toBeUndefined();
		expect(requestBody(simulator()).generationConfig).toMatchObject({
			thinkingConfig: { thinkingLevel: 'MEDIUM' },
		});
		simulator().reset();
		const refused = await runGeminiImage(simulator(), {
			operation: 'generate',
			model: model('gemini-3.1-flash-image'),
			prompt: 'A kite',
			options: { thinkingLevel: 'MEDIUM' },
		});
		expect(refused.error?.message).toBe(
			'Nano Banana 2 (Gemini 3.1 Flash Image) does not take the thinking level MEDIUM (item 0)',
		);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('a saved node on a deprecated id', () => {
	it('version 1 with its untouched default still generates while Google serves the id', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'generate', prompt: 'A kite' },
			{ typeVersion: 1 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ model: 'gemini-3.1-flash-image' });
	});

	describe('once Google no longer serves it', () => {
		const stopped = useSimulator({
			retiredModels: [...GOOGLE_RETIRED_MODELS, 'gemini-3.1-flash-image'],
		});

		it('says so and what to choose, without a date Google never gave', async () => {
			const result = await runGeminiImage(
				stopped(),
				{ operation: 'generate', prompt: 'A kite' },
				{ typeVersion: 1 },
			);
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(
				'Gemini API error for item 0: Google no longer serves gemini-3.1-flash-image (deprecated, no shutdown date announced); choose Nano Banana 2.1 (gemini-nano-banana-2.1) [404 NOT_FOUND]',
			);
			expect((result.error as NodeApiError).description).toBe(
				`Parameter "Model": choose Nano Banana 2.1 (gemini-nano-banana-2.1) from the list, or type gemini-nano-banana-2.1. Google answered: "${NOT_FOUND('gemini-3.1-flash-image')}"`,
			);
			// A 404 is not retried.
			expect(generateRequests(stopped())).toHaveLength(1);
		});
	});
});

describe('a saved node on a shut-down id', () => {
	it('with Continue On Fail, yields an error item that says so', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'generate', model: model('gemini-2.5-flash-image'), prompt: 'A kite' },
			{ continueOnFail: true, input: [{ json: {} }, { json: {} }] },
		);
		expect(result.items.map((item) => [item.pairedItem, item.json.error])).toEqual(
			[0, 1].map((index) => [
				{ item: index },
				expect.objectContaining({
					message: `Gemini API error for item ${index}: gemini-2.5-flash-image was shut down by Google on 2026-10-02; choose Nano Banana 2.1 (gemini-nano-banana-2.1) [404 NOT_FOUND]`,
					reason: 'NOT_FOUND',
					httpStatus: 404,
					retryable: false,
				}),
			]),
		);
	});

	it('Refine of a conversation on a shut-down id says to start a new one', async () => {
		const gateway = await import('../simulator').then(({ startSimulator }) =>
			startSimulator({ retiredModels: [] }),
		);
		try {
			const made = await runGeminiImage(gateway, {
				operation: 'generate',
				model: model('gemini-3-pro-image-preview'),
				prompt: 'A kite',
			});
			const refined = await runGeminiImage(
				simulator(),
				{ operation: 'refine', prompt: 'Make it red' },
				{ input: [await carryOn(made, made.items[0])] },
			);
			expect(refined.error?.message).toBe(
				'Gemini API error for item 0: gemini-3-pro-image-preview was shut down by Google on 2026-06-25; choose Nano Banana Pro (gemini-3-pro-image) [404 NOT_FOUND]',
			);
			expect((refined.error as NodeApiError).description).toMatch(
				/^The conversation was started with gemini-3-pro-image-preview; start a new one on Nano Banana Pro \(gemini-3-pro-image\)/,
			);
		} finally {
			await gateway.close();
		}
	});
});

describe('image search grounding', () => {
	const searchParameters = (searchTypes: string, modelId = 'gemini-nano-banana-2.1') => ({
		operation: 'generateWithSearch',
		model: model(modelId),
		prompt: 'The lighthouse of Cabo da Roca at dusk',
		searchTypes,
	});

	it('outputs image sources and image queries beside the web sources', async () => {
		const result = await runGeminiImage(simulator(), searchParameters('webAndImage'));
		expect(result.error).toBeUndefined();
		expect(requestBody(simulator()).tools).toEqual([
			{ googleSearch: { searchTypes: { webSearch: {}, imageSearch: {} } } },
		]);
		const { json } = result.items[0];
		expect(json.imageSources).toEqual(
			[1, 2].map((n) => ({
				title: `The lighthouse of Cabo da Roca at dusk: photo ${n}`,
				domain: 'photos.example.org',
				imageUrl: `https://images.example.org/the-lighthouse-of-cabo-da-roca-at-dusk/picture-${n}.jpg`,
				sourceUrl: `https://photos.example.org/the-lighthouse-of-cabo-da-roca-at-dusk/page-${n}`,
			})),
		);
		expect(json.imageSearchQueries).toEqual(['The lighthouse of Cabo da Roca at dusk photo']);
		expect(json.sources).toHaveLength(3);
		expect(json.searchQueries).toHaveLength(2);
	});

	it('image search alone leaves the web lists empty, in the same shape', async () => {
		const result = await runGeminiImage(simulator(), searchParameters('image'));
		expect(requestBody(simulator()).tools).toEqual([
			{ googleSearch: { searchTypes: { imageSearch: {} } } },
		]);
		expect(result.items[0].json).toMatchObject({ sources: [], searchQueries: [] });
		expect(result.items[0].json.imageSources).toHaveLength(2);
	});

	it('web search (the default) sends Google’s default tool and no image sources', async () => {
		const result = await runGeminiImage(simulator(), {
			...searchParameters('web', 'gemini-3-pro-image'),
		});
		expect(requestBody(simulator()).tools).toEqual([{ googleSearch: {} }]);
		expect(result.items[0].json).toMatchObject({ imageSources: [], imageSearchQueries: [] });
	});

	it('is refused on Nano Banana Pro before any request, naming the option', async () => {
		const result = await runGeminiImage(
			simulator(),
			searchParameters('image', 'gemini-3-pro-image'),
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'Nano Banana Pro (Gemini 3 Pro Image) cannot search images, only the web (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "Search Types". Choose "Web" search, or use Nano Banana 2.1 (gemini-nano-banana-2.1).',
		);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('GIF inputs', () => {
	it('Edit sends the GIF as a PNG and says so in the output', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'edit', prompt: 'Make it bigger' },
			{ input: [{ json: {}, binary: { data: file(GIF_BYTES, 'image/gif', 'dot.gif') } }] },
		);
		expect(result.error).toBeUndefined();
		const [, image] = requestContents(simulator())[0].parts;
		expect(image.inlineData?.mimeType).toBe('image/png');
		expect(
			Buffer.from(image.inlineData?.data ?? '', 'base64')
				.subarray(1, 4)
				.toString(),
		).toBe('PNG');
		expect(result.items[0].json.convertedInputs).toEqual([
			{ item: 0, binaryProperty: 'data', from: 'image/gif', to: 'image/png', frames: 1 },
		]);
		// The item keeps its GIF: the conversion is only what Gemini was sent.
		const kept = await result.readBinary(result.items[0], 'turn1_part2');
		expect(kept.equals(GIF_BYTES)).toBe(true);
	});

	it('a conversation started from a GIF refines, the GIF converted again', async () => {
		const made = await runGeminiImage(
			simulator(),
			{ operation: 'edit', prompt: 'Make it bigger' },
			{ input: [{ json: {}, binary: { data: file(GIF_BYTES, 'image/gif', 'dot.gif') } }] },
		);
		simulator().reset();
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Now blue' },
			{ input: [await carryOn(made, made.items[0])] },
		);
		expect(refined.error).toBeUndefined();
		const [first] = requestContents(simulator());
		expect(first.parts[1].inlineData?.mimeType).toBe('image/png');
		expect(refined.items[0].json.convertedInputs).toEqual([
			{ item: 0, binaryProperty: 'turn1_part2', from: 'image/gif', to: 'image/png', frames: 1 },
		]);
	});
});

describe('masks', () => {
	const photo = pngBytes(64, 48);

	it('Edit sends the mask after the image, introduced as its mask', async () => {
		const mask = pngBytes(64, 48);
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'edit', prompt: 'Put a boat in the sea', maskBinaryProperty: 'mask' },
			{
				input: [
					{
						json: {},
						binary: { data: file(photo, 'image/png'), mask: file(mask, 'image/png', 'mask.png') },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const parts = requestContents(simulator())[0].parts;
		expect(parts.map((part) => part.text ?? part.inlineData?.mimeType)).toEqual([
			'Put a boat in the sea',
			'image/png',
			MASK_INSTRUCTION,
			'image/png',
		]);
		expect(Buffer.from(parts[3].inlineData?.data ?? '', 'base64').equals(mask)).toBe(true);
		// The ratio follows the image, not the mask (4:3 at 1K).
		const image = await imageOf(result, result.items[0]);
		expect([image.width, image.height]).toEqual([1200, 896]);
	});

	it('a mask of another size is refused before any request, naming both sizes', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'edit', prompt: 'Put a boat in the sea', maskBinaryProperty: 'mask' },
			{
				input: [
					{ json: {} },
					{
						json: {},
						binary: { data: file(photo, 'image/png'), mask: file(pngBytes(32, 32), 'image/png') },
					},
				],
				continueOnFail: true,
			},
		);
		expect(result.items[1].json.error).toMatchObject({
			message: 'The mask of item 1 is 32x32 but the image is 64x48',
			description:
				'Parameter "Mask Binary Property" names "mask", which must have the size of "data". Export the mask at 64x48.',
		});
		expect(generateRequests(simulator())).toHaveLength(0);
	});

	it('counts toward the model’s reference limit', async () => {
		const gateway = await import('../simulator').then(({ startSimulator }) =>
			startSimulator({ retiredModels: [] }),
		);
		try {
			const images = Object.fromEntries(
				['a', 'b', 'c', 'mask'].map((name) => [name, file(photo, 'image/png')]),
			);
			const result = await runGeminiImage(
				gateway,
				{
					operation: 'edit',
					model: model('gemini-2.5-flash-image'),
					prompt: 'Blend',
					inputBinaryProperties: 'a, b, c',
					maskBinaryProperty: 'mask',
				},
				{ input: [{ json: {}, binary: images }] },
			);
			expect(result.error?.message).toBe(
				'4 reference images are more than Nano Banana (Gemini 2.5 Flash Image) takes (at most 3) (item 0)',
			);
			expect((result.error as NodeOperationError).description).toMatch(
				/^Parameter "Input Binary Properties and Mask Binary Property"\./,
			);
			expect(gateway.requests).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});
});
