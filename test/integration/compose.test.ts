import { NodeOperationError } from 'n8n-workflow';

import type { InputItem } from '../harness';
import { createTestPng } from '../simulator';
import {
	expectConversationByReference,
	file,
	generateRequests,
	imageOf,
	inline,
	noisePng,
	requestContents,
	runGeminiImage,
	uploadRequests,
	parametersOf,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

const compose = parametersOf('compose');

const named = (...reference: Array<{ binaryProperty: string; role?: string; label?: string }>) => ({
	referenceSource: 'namedProperties',
	references: { reference },
});

let room: Buffer;
let anna: Buffer;
let ben: Buffer;
let style: Buffer;

beforeAll(async () => {
	room = await createTestPng(1376, 768, 'room');
	anna = await createTestPng(600, 800, 'anna');
	ben = await createTestPng(640, 640, 'ben');
	style = await createTestPng(512, 512, 'style');
});

/** n copies of a small image, as binary properties ref1 … refN of one item. */
function itemWithImages(count: number): InputItem {
	return {
		binary: Object.fromEntries(
			Array.from({ length: count }, (_, index) => [
				`ref${index + 1}`,
				file(style, 'image/png', `ref${index + 1}.png`),
			]),
		),
	};
}

describe('Compose from named properties', () => {
	it('introduces each image with its number, role and label, in the order listed', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose(
				'Put Anna and Ben in the room of image 1, painted in the style of image 4',
				named(
					{ binaryProperty: 'room', role: 'object', label: 'living room' },
					{ binaryProperty: 'anna', role: 'character', label: 'Anna' },
					{ binaryProperty: 'ben', role: 'none', label: 'Ben' },
					{ binaryProperty: 'style', role: 'style' },
					{ binaryProperty: 'extra' },
				),
			),
			{
				input: [
					{
						binary: {
							style: file(style, 'image/png', 'style.png'),
							ben: file(ben, 'image/png', 'ben.png'),
							anna: file(anna, 'image/png', 'anna.png'),
							room: file(room, 'image/png', 'room.png'),
							extra: file(ben, 'image/png', 'extra.png'),
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())).toEqual([
			{
				role: 'user',
				parts: [
					{ text: 'Put Anna and Ben in the room of image 1, painted in the style of image 4' },
					{ text: 'Image 1 (object: living room):' },
					inline(room),
					{ text: 'Image 2 (character: Anna):' },
					inline(anna),
					{ text: 'Image 3 (Ben):' },
					inline(ben),
					{ text: 'Image 4 (style):' },
					inline(style),
					{ text: 'Image 5:' },
					inline(ben),
				],
			},
		]);
		const [item] = result.items;
		expect(result.items).toHaveLength(1);
		expect(item.pairedItem).toEqual({ item: 0 });
		// No ratio set: the model follows the first reference (16:9).
		const image = await imageOf(result, item);
		expect([image.width, image.height]).toEqual([1376, 768]);
		const conversation = await expectConversationByReference(result, item, 'gemini-3-pro-image');
		expect(conversation.turns[0].parts.filter((part) => part.image)).toEqual(
			[2, 4, 6, 8, 10].map((part) => ({
				image: { binaryProperty: `turn1_part${part + 1}`, mimeType: 'image/png' },
			})),
		);
		expect(await result.readBinary(item, 'turn1_part5')).toEqual(anna);
	});

	it('names the reference whose property is missing', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', named({ binaryProperty: 'room' }, { binaryProperty: 'anna' })),
			{ input: [{ binary: { room: file(room, 'image/png') } }] },
		);
		expect(result.error?.message).toBe('Item 0 has no binary property "anna"');
		expect((result.error as NodeOperationError).description).toContain(
			'Parameter "References > Reference 2 > Binary Property" names "anna". It has: room.',
		);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Compose from all binary properties of the item', () => {
	it('sends every image of each item, each item its own request', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('={{ $json.prompt }}', {
				referenceSource: 'allProperties',
				defaultRole: 'object',
			}),
			{
				input: [
					{
						json: { prompt: 'A shelf with these' },
						binary: { first: file(style, 'image/png'), second: file(ben, 'image/png') },
					},
					{ json: { prompt: 'A table with this' }, binary: { only: file(room, 'image/png') } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		const requests = generateRequests(simulator())
			.map((request) => (request.body as { contents: unknown[] }).contents)
			.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
		expect(requests).toEqual([
			[
				{
					role: 'user',
					parts: [{ text: 'A table with this' }, { text: 'Image 1 (object):' }, inline(room)],
				},
			],
			[
				{
					role: 'user',
					parts: [
						{ text: 'A shelf with these' },
						{ text: 'Image 1 (object):' },
						inline(style),
						{ text: 'Image 2 (object):' },
						inline(ben),
					],
				},
			],
		]);
		expect(result.items.map((item) => [item.json.prompt, item.pairedItem])).toEqual([
			['A shelf with these', { item: 0 }],
			['A table with this', { item: 1 }],
		]);
		expect(await imageOf(result, result.items[1])).toMatchObject({ width: 1376, height: 768 });
		for (const item of result.items)
			await expectConversationByReference(result, item, 'gemini-3-pro-image');
	});

	it('says so when the item holds no binary data', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', { referenceSource: 'allProperties' }),
			{ input: [{ json: { a: 1 } }] },
		);
		expect(result.error?.message).toBe('No reference images for item 0');
		expect((result.error as NodeOperationError).description).toContain(
			'Parameter "References From"',
		);
	});
});

describe('Compose from all input items', () => {
	it('puts every image of every item into one request and one output item', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('={{ $json.prompt }}', { referenceSource: 'allItems', defaultRole: 'character' }),
			{
				input: [
					{ json: { prompt: 'A group photo' }, binary: { data: file(anna, 'image/png') } },
					{ json: { prompt: 'ignored' }, binary: { data: file(ben, 'image/png') } },
					{
						json: { prompt: 'ignored too' },
						binary: { data: file(style, 'image/png'), data2: file(room, 'image/png') },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(requestContents(simulator())).toEqual([
			{
				role: 'user',
				parts: [
					{ text: 'A group photo' },
					{ text: 'Image 1 (character):' },
					inline(anna),
					{ text: 'Image 2 (character):' },
					inline(ben),
					{ text: 'Image 3 (character):' },
					inline(style),
					{ text: 'Image 4 (character):' },
					inline(room),
				],
			},
		]);
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(item.json.prompt).toBe('A group photo');
		// The first image (600x800) sets the ratio: 3:4.
		expect(await imageOf(result, item)).toMatchObject({ width: 896, height: 1200 });
		await expectConversationByReference(result, item, 'gemini-3-pro-image');
		expect(await result.readBinary(item, 'turn1_part9')).toEqual(room);
	});

	it('pairs the output with every input item, also one that gave only the prompt', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('={{ $json.prompt }}', { referenceSource: 'allItems' }),
			{
				input: [
					{ json: { prompt: 'A collage of these' } },
					{ binary: { data: file(anna, 'image/png') } },
					{ binary: { data: file(ben, 'image/png') } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())[0].parts).toEqual([
			{ text: 'A collage of these' },
			{ text: 'Image 1:' },
			inline(anna),
			{ text: 'Image 2:' },
			inline(ben),
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('under Continue On Fail, one error item paired with every input item', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('A group photo', { referenceSource: 'allItems' }),
			{
				continueOnFail: true,
				input: [
					{ binary: { data: file(anna, 'image/png') } },
					{ binary: { data: file(Buffer.from('not a picture'), 'image/png', 'note.png') } },
				],
			},
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json.error).toMatchObject({
			message:
				'Binary property "data" (note.png) of item 1 claims to be image/png but is not an image',
			description: expect.stringContaining('Parameter "References From"'),
		});
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Compose: per-model limits, before any request', () => {
	it('4 references on Nano Banana: at most 3', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', { referenceSource: 'allProperties' }, 'gemini-2.5-flash-image'),
			{ input: [itemWithImages(4)] },
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'4 reference images are more than Nano Banana (Gemini 2.5 Flash Image) takes (at most 3) (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "References From". Send at most 3 images, or use a Gemini 3 image model (up to 14).',
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('3 references on Nano Banana go through', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', { referenceSource: 'allProperties' }, 'gemini-2.5-flash-image'),
			{ input: [itemWithImages(3)] },
		);
		expect(result.error).toBeUndefined();
		expect(await imageOf(result, result.items[0])).toMatchObject({ width: 1024, height: 1024 });
	});

	it('15 references on Nano Banana Pro: at most 14', async () => {
		const references = Array.from({ length: 15 }, (_, index) => ({
			binaryProperty: `ref${index + 1}`,
		}));
		const result = await runGeminiImage(simulator(), compose('x', named(...references)), {
			input: [itemWithImages(15)],
		});
		expect(result.error?.message).toBe(
			'15 reference images are more than Nano Banana Pro (Gemini 3 Pro Image) takes (at most 14) (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "References". Send at most 14 images.',
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('14 references on Nano Banana Pro go through', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', { referenceSource: 'allProperties' }),
			{ input: [itemWithImages(14)] },
		);
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())[0].parts).toHaveLength(1 + 14 * 2);
	});

	it('6 characters on Nano Banana Pro: at most 5', async () => {
		const references = Array.from({ length: 6 }, (_, index) => ({
			binaryProperty: `ref${index + 1}`,
			role: 'character',
			label: `Person ${index + 1}`,
		}));
		const result = await runGeminiImage(simulator(), compose('x', named(...references)), {
			input: [itemWithImages(6)],
		});
		expect(result.error?.message).toBe(
			'6 character references are more than Nano Banana Pro (Gemini 3 Pro Image) takes (at most 5) (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "References > Role". Give at most 5 images the role "character".',
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('a character on Nano Banana 2 Lite, which takes objects only', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose(
				'x',
				named(
					{ binaryProperty: 'ref1', role: 'object' },
					{ binaryProperty: 'ref2', role: 'character', label: 'Anna' },
				),
				'gemini-3.1-flash-lite-image',
			),
			{ input: [itemWithImages(2)] },
		);
		expect(result.error?.message).toBe(
			'Nano Banana 2 Lite (Gemini 3.1 Flash-Lite Image) takes no character references (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "References > Role". Give the images another role, or use a model that takes character references.',
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('6 characters from all properties name the shared role', async () => {
		const result = await runGeminiImage(
			simulator(),
			compose('x', { referenceSource: 'allProperties', defaultRole: 'character' }),
			{ input: [itemWithImages(6)], continueOnFail: true },
		);
		expect(result.items[0].json.error).toMatchObject({
			message:
				'6 character references are more than Nano Banana Pro (Gemini 3 Pro Image) takes (at most 5) (item 0)',
			description: 'Parameter "Role of Every Image". Give at most 5 images the role "character".',
		});
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Compose: a Refine continues the composition', () => {
	it('resends the references with their introductions', async () => {
		const composed = await runGeminiImage(
			simulator(),
			compose(
				'Anna in the room',
				named(
					{ binaryProperty: 'room', role: 'object' },
					{ binaryProperty: 'anna', role: 'character', label: 'Anna' },
				),
			),
			{
				input: [{ binary: { room: file(room, 'image/png'), anna: file(anna, 'image/png') } }],
			},
		);
		const [item] = composed.items;
		const binary: NonNullable<InputItem['binary']> = {};
		for (const [name, data] of Object.entries(item.binary ?? {})) {
			binary[name] = { data: await composed.readBinary(item, name), mimeType: data.mimeType };
		}
		simulator().reset();
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Anna waves' },
			{ input: [{ json: item.json, binary }] },
		);
		expect(refined.error).toBeUndefined();
		const contents = requestContents(simulator());
		expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
		expect(contents[0].parts).toEqual([
			{ text: 'Anna in the room' },
			{ text: 'Image 1 (object):' },
			inline(room),
			{ text: 'Image 2 (character: Anna):' },
			inline(anna),
		]);
		expect(contents[2]).toEqual({ role: 'user', parts: [{ text: 'Anna waves' }] });
		await expectConversationByReference(refined, refined.items[0], 'gemini-3-pro-image');
	});
});

describe('Compose: large inputs go through the Files API', () => {
	it('uploads the images whose base64 passes 20 MB and sends them as fileData, the small one inline', async () => {
		// Random pixels do not compress: about 20.8 MB each, 27.7 MB as base64.
		const large1 = noisePng(2600, 2000);
		const large2 = noisePng(2600, 2000);
		expect(Math.ceil(large1.length / 3) * 4).toBeGreaterThan(20 * 1024 * 1024);
		const sim = simulator();

		const result = await runGeminiImage(
			sim,
			compose(
				'Frame both photos with the logo',
				named(
					{ binaryProperty: 'large1', role: 'object', label: 'photo A' },
					{ binaryProperty: 'small', role: 'style', label: 'logo' },
					{ binaryProperty: 'large2', role: 'object', label: 'photo B' },
				),
			),
			{
				input: [
					{
						binary: {
							large1: file(large1, 'image/png', 'large-1.png'),
							small: file(style, 'image/png', 'logo.png'),
							large2: file(large2, 'image/png', 'large-2.png'),
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();

		const starts = uploadRequests(sim).filter(
			(request) => request.headers['x-goog-upload-command'] === 'start',
		);
		expect(starts).toHaveLength(2);
		const uploadedBytes = uploadRequests(sim)
			.filter((request) => request.headers['x-goog-upload-command'] !== 'start')
			.reduce((sum, request) => sum + request.bodyBytes, 0);
		expect(uploadedBytes).toBe(large1.length + large2.length);

		const listed = await fetch(`${sim.url}/v1beta/files`, {
			headers: { 'x-goog-api-key': sim.apiKey },
		});
		const { files } = (await listed.json()) as {
			files: Array<{ displayName: string; uri: string; sizeBytes: string }>;
		};
		const uriOf = (name: string) => files.find((entry) => entry.displayName === name)?.uri;
		expect(uriOf('large-1.png')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1beta\/files\//);
		expect(uriOf('large-2.png')).toBeDefined();
		expect(uriOf('logo.png')).toBeUndefined();

		expect(generateRequests(sim)).toHaveLength(1);
		expect(requestContents(sim)).toEqual([
			{
				role: 'user',
				parts: [
					{ text: 'Frame both photos with the logo' },
					{ text: 'Image 1 (object: photo A):' },
					{ fileData: { fileUri: uriOf('large-1.png'), mimeType: 'image/png' } },
					{ text: 'Image 2 (style: logo):' },
					inline(style),
					{ text: 'Image 3 (object: photo B):' },
					{ fileData: { fileUri: uriOf('large-2.png'), mimeType: 'image/png' } },
				],
			},
		]);
		expect(generateRequests(sim)[0].bodyBytes).toBeLessThan(100 * 1024);

		// 2600x2000 is nearest 4:3, which the model follows.
		const [item] = result.items;
		expect(await imageOf(result, item)).toMatchObject({ width: 1200, height: 896 });
		// The large images travel on by reference, unchanged, and never as base64 in JSON.
		await expectConversationByReference(result, item, 'gemini-3-pro-image');
		expect((await result.readBinary(item, 'turn1_part3')).equals(large1)).toBe(true);
		expect(JSON.stringify(item.json).length).toBeLessThan(20000);
	}, 60000);
});
