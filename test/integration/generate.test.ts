import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	file,
	generateRequests,
	imageOf,
	pngBytes,
	requestBody,
	runGeminiImage,
	parametersOf,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

const generate = (prompt: string, options: Record<string, unknown> = {}, modelId?: string) =>
	parametersOf('generate')(prompt, { options }, modelId);

describe('Generate', () => {
	it.each(['default', 'filesystem'] as const)(
		'writes a real image of the documented size as binary data (%s mode)',
		async (binaryMode) => {
			const result = await runGeminiImage(
				simulator(),
				// The full output, usage and ids included (new nodes simplify it by default).
				{
					...generate('A lighthouse at dawn', { aspectRatio: '16:9', imageSize: '2K' }),
					simplify: false,
				},
				{ binaryMode },
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			const [item] = result.items;
			const image = await imageOf(result, item);
			expect([image.width, image.height, image.type]).toEqual([2752, 1536, 'jpg']);
			expect(item.json).toMatchObject({
				model: 'gemini-3-pro-image',
				prompt: 'A lighthouse at dawn',
				mimeType: 'image/jpeg',
				fileName: 'a-lighthouse-at-dawn.jpg',
				width: 2752,
				height: 1536,
				fileSize: image.bytes.length,
				finishReason: 'STOP',
				modelVersion: 'gemini-3-pro-image',
				imageNumber: 1,
				imageCount: 1,
				estimatedCostUsd: 0.134,
			});
			expect(typeof item.json.responseId).toBe('string');
			expect(item.json.usage).toMatchObject({ totalTokenCount: expect.any(Number) });
			expect(item.binary?.data).toMatchObject({
				mimeType: 'image/jpeg',
				fileName: 'a-lighthouse-at-dawn.jpg',
			});
			if (binaryMode === 'filesystem') expect(item.binary?.data.id).toMatch(/^filesystem/);
			expect(item.pairedItem).toEqual({ item: 0 });
		},
	);

	it('sends exactly the request the API documents, key in the header only', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('A fox', {
				aspectRatio: '3:4',
				imageSize: '4K',
				responseModalities: 'IMAGE',
				temperature: 0.3,
				topP: 0.8,
				seed: 7,
				systemInstruction: 'Flat pastel house style',
				safetySettings: {
					setting: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
				},
				thinkingLevel: 'HIGH',
			}),
		);
		const [request] = generateRequests(simulator());
		expect(request.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
		expect(request.headers['x-goog-api-key']).toBe(simulator().apiKey);
		expect(request.query).toEqual({});
		expect(request.body).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			systemInstruction: { parts: [{ text: 'Flat pastel house style' }] },
			safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
			generationConfig: {
				responseModalities: ['IMAGE'],
				imageConfig: { aspectRatio: '3:4', imageSize: '4K' },
				temperature: 0.3,
				topP: 0.8,
				seed: 7,
				thinkingConfig: { thinkingLevel: 'HIGH' },
			},
		});
		// The simulator records a request before it checks it: only the answer shows it was taken.
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const image = await imageOf(result, result.items[0]);
		expect([image.width, image.height, image.type]).toEqual([3584, 4800, 'jpg']);
	});

	it('lets the model decide the ratio and size when none is set (1:1 at 1K)', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('A cube', {}, 'gemini-3.1-flash-image'),
		);
		expect(requestBody(simulator()).generationConfig).toEqual({
			responseModalities: ['TEXT', 'IMAGE'],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const image = await imageOf(result, result.items[0]);
		expect([image.width, image.height]).toEqual([1024, 1024]);
	});

	it("uses 2.5 Flash's own pixel table and the seed-era Pro id", async () => {
		const flash = await runGeminiImage(
			simulator(),
			generate('x', { aspectRatio: '16:9' }, 'gemini-2.5-flash-image'),
		);
		expect(await imageOf(flash, flash.items[0])).toMatchObject({ width: 1344, height: 768 });
		const preview = await runGeminiImage(
			simulator(),
			generate('x', { aspectRatio: '21:9', imageSize: '4K' }, 'gemini-3-pro-image-preview'),
		);
		expect(await imageOf(preview, preview.items[0])).toMatchObject({ width: 6336, height: 2688 });
	});

	it('makes 512 and the extreme ratios on Nano Banana 2', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('x', { aspectRatio: '8:1', imageSize: '512' }, 'gemini-3.1-flash-image'),
		);
		expect(requestBody(simulator()).generationConfig).toMatchObject({
			imageConfig: { aspectRatio: '8:1', imageSize: '512' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const image = await imageOf(result, result.items[0]);
		expect([image.width, image.height]).toEqual([1536, 192]);
	});

	it('makes several images as parallel requests, one item each, numbered files', async () => {
		const result = await runGeminiImage(simulator(), generate('A tree', { numberOfImages: 3 }));
		expect(result.error).toBeUndefined();
		expect(generateRequests(simulator())).toHaveLength(3);
		for (const request of generateRequests(simulator())) {
			expect((request.body as { generationConfig: object }).generationConfig).not.toHaveProperty(
				'candidateCount',
			);
		}
		expect(result.items.map((item) => item.json.fileName)).toEqual([
			'a-tree-1.jpg',
			'a-tree-2.jpg',
			'a-tree-3.jpg',
		]);
		expect(result.items.map((item) => item.json.imageNumber)).toEqual([1, 2, 3]);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
	});

	it('puts several images in one item when asked', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('A tree', { numberOfImages: 2, imagesOutput: 'oneItem', binaryPropertyName: 'img' }),
		);
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['conversation', 'img', 'img_2']);
		expect(
			(item.json.images as object[]).map((i) => (i as { binaryProperty: string }).binaryProperty),
		).toEqual(['img', 'img_2']);
		expect((await imageOf(result, item, 'img_2')).width).toBe(1024);
	});

	it('pairs every output to its input across several items with several images', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ ...generate('={{ $json.prompt }}', { numberOfImages: 2 }) },
			{
				input: [
					{ json: { prompt: 'one' } },
					{ json: { prompt: 'two' } },
					{ json: { prompt: 'three' } },
				],
			},
		);
		expect(
			result.items.map((item) => [item.json.prompt, (item.pairedItem as { item: number }).item]),
		).toEqual([
			['one', 0],
			['one', 0],
			['two', 1],
			['two', 1],
			['three', 2],
			['three', 2],
		]);
		const hashes = await Promise.all(
			result.items.map(async (item) => (await result.readBinary(item)).toString('base64')),
		);
		expect(new Set(hashes.slice(0, 2)).size).toBe(1); // same prompt, no seed: the simulator is deterministic
		expect(new Set([hashes[0], hashes[2], hashes[4]]).size).toBe(3);
	});

	it('names the file from the option and the extension from the real type (JPEG)', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('A cat [sim:jpeg]', { fileName: 'cover.png' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ fileName: 'cover.jpg', mimeType: 'image/jpeg' });
		expect((await imageOf(result, result.items[0])).type).toBe('jpg');
	});

	it('returns thoughts apart from the answer when asked', async () => {
		const result = await runGeminiImage(simulator(), generate('A map', { includeThoughts: true }));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(requestBody(simulator()).generationConfig).toMatchObject({
			thinkingConfig: { includeThoughts: true },
		});
		expect(typeof item.json.thoughts).toBe('string');
		expect((item.json.thoughts as string).length).toBeGreaterThan(0);
		expect(item.json.text).not.toContain(item.json.thoughts as string);
		expect(Object.keys(item.binary ?? {})).toContain('data_thought_1');
		expect((await imageOf(result, item, 'data_thought_1')).width).toBe(256);
	});

	it.each(['default', 'filesystem'] as const)(
		'never changes the input items n8n hands it, binary included (%s mode)',
		async (binaryMode) => {
			const photo = pngBytes(8, 6);
			const input = [
				{
					json: { prompt: 'a lake', nested: { keep: true, tags: ['x'] } },
					binary: { data: file(photo, 'image/png', 'lake.png') },
				},
				{ json: { prompt: 'a hill' } },
			];
			const result = await runGeminiImage(
				simulator(),
				generate('={{ $json.prompt }}', { numberOfImages: 2, binaryPropertyName: 'data' }),
				{ input, binaryMode },
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(4);

			const { items, before } = result.received;
			expect(before).toHaveLength(2);
			expect(before[0]).toMatchObject({
				json: { prompt: 'a lake', nested: { keep: true, tags: ['x'] } },
				binary: { data: { mimeType: 'image/png', fileName: 'lake.png' } },
			});
			expect(before[1].json).toEqual({ prompt: 'a hill' });
			expect(before[1].binary).toBeUndefined();
			// The very objects the node was given, after the run, against the copy taken before it.
			expect(items).toEqual(before);
			expect(await result.readBinary(items[0])).toEqual(photo);
			// The outputs are new items: none of them is an input item changed in place.
			for (const output of result.items) expect(items).not.toContain(output);
		},
	);
});

describe('Generate: settings refused before any request', () => {
	it.each([
		[
			'4K on a 1K-only model',
			'gemini-2.5-flash-image',
			{ imageSize: '4K' },
			'Nano Banana (Gemini 2.5 Flash Image) cannot make 4K images (item 0)',
			'Parameter "Options > Image Size". Choose one of: 1K',
		],
		[
			'an extreme ratio on Pro',
			'gemini-3-pro-image',
			{ aspectRatio: '1:8' },
			'Nano Banana Pro (Gemini 3 Pro Image) does not take the aspect ratio 1:8 (item 0)',
			'Parameter "Options > Aspect Ratio"',
		],
		[
			'thinking on 2.5 Flash',
			'gemini-2.5-flash-image',
			{ thinkingLevel: 'HIGH' },
			'Nano Banana (Gemini 2.5 Flash Image) does not think, so thinking cannot be set (item 0)',
			'Parameter "Options > Thinking Level"',
		],
		[
			'512 on Pro',
			'gemini-3-pro-image',
			{ imageSize: '512' },
			'Nano Banana Pro (Gemini 3 Pro Image) cannot make 512 images (item 0)',
			'Choose one of: 1K, 2K, 4K.',
		],
	])('%s', async (_name, modelId, options, message, description) => {
		const result = await runGeminiImage(simulator(), generate('x', options, modelId));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect((result.error as NodeOperationError).description).toContain(description);
		expect(generateRequests(simulator())).toHaveLength(0);
	});

	it('refuses an empty prompt, naming the item', async () => {
		const result = await runGeminiImage(simulator(), generate('={{ $json.prompt }}'), {
			input: [{ json: { prompt: 'fine' } }, { json: { prompt: '   ' } }],
		});
		expect(result.error?.message).toBe('The prompt is empty for item 1');
		expect((result.error as NodeOperationError).description).toContain('Parameter "Prompt"');
	});

	it('passes an unknown model through and shows the API answer', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('x', { imageSize: '4K' }, 'gemini-9-ultra-image'),
		);
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(
			/^Gemini API error for item 0: models\/gemini-9-ultra-image is not found for API version v1beta.* \[404 NOT_FOUND\]$/,
		);
		expect((result.error as NodeApiError).description).toContain('pick a model from the list');
	});
});
