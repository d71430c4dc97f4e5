import { NodeOperationError } from 'n8n-workflow';

import type { InputItem } from '../harness';
import { createTestJpeg, createTestPng } from '../simulator';
import {
	BROKEN_GIF,
	expectConversationByReference,
	file,
	generateRequests,
	imageOf,
	inline,
	requestBody,
	requestContents,
	runGeminiImage,
	parametersOf,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

const edit = parametersOf('edit');

let square: Buffer;
let landscape: Buffer;
let portrait: Buffer;

beforeAll(async () => {
	square = await createTestPng(1024, 1024, 'square');
	landscape = await createTestPng(1200, 896, 'landscape');
	portrait = await createTestPng(768, 1376, 'portrait');
});

describe('Edit', () => {
	it.each(['default', 'filesystem'] as const)(
		'edits the image in "data" and sends it inline after the prompt (%s mode)',
		async (binaryMode) => {
			const result = await runGeminiImage(simulator(), edit('Add a red hat'), {
				binaryMode,
				input: [{ json: { id: 7 }, binary: { data: file(square, 'image/png', 'cat.png') } }],
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			const [item] = result.items;

			expect(requestContents(simulator())).toEqual([
				{ role: 'user', parts: [{ text: 'Add a red hat' }, inline(square)] },
			]);
			const image = await imageOf(result, item);
			expect([image.width, image.height, image.type]).toEqual([1024, 1024, 'jpg']);
			expect(item.json).toMatchObject({
				model: 'gemini-3-pro-image',
				prompt: 'Add a red hat',
				mimeType: 'image/jpeg',
				fileName: 'add-a-red-hat.jpg',
				width: 1024,
				height: 1024,
				fileSize: image.bytes.length,
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			if (binaryMode === 'filesystem') expect(item.binary?.data.id).toMatch(/^filesystem/);

			// The input image travels on as the conversation's first image, bytes unchanged.
			expect(Object.keys(item.binary ?? {}).sort()).toEqual([
				'conversation',
				'data',
				'turn1_part2',
			]);
			expect(await result.readBinary(item, 'turn1_part2')).toEqual(square);
			expect(item.binary?.turn1_part2).toMatchObject({ fileName: 'cat.png' });
			const conversation = await expectConversationByReference(result, item, 'gemini-3-pro-image');
			expect(conversation.turns[0]).toEqual({
				role: 'user',
				parts: [
					{ text: 'Add a red hat' },
					{ image: { binaryProperty: 'turn1_part2', mimeType: 'image/png' } },
				],
			});
			expect(conversation.turns[1].role).toBe('model');
			expect(conversation.turns[1].parts.at(-1)).toMatchObject({
				image: { binaryProperty: 'data', mimeType: 'image/jpeg' },
				thoughtSignature: expect.any(String),
			});
		},
	);

	it('sends several properties, in the order named', async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('Put the hat of image 2 on the cat of image 1', {
				inputBinaryProperties: ' data , photo2 ',
			}),
			{
				input: [
					{
						binary: {
							photo2: file(portrait, 'image/png', 'hat.png'),
							data: file(square, 'image/png', 'cat.png'),
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
					{ text: 'Put the hat of image 2 on the cat of image 1' },
					inline(square),
					inline(portrait),
				],
			},
		]);
		const [item] = result.items;
		// The ratio follows the first image (1:1), not the second.
		expect(await imageOf(result, item)).toMatchObject({ width: 1024, height: 1024 });
		expect(await result.readBinary(item, 'turn1_part3')).toEqual(portrait);
		expect(
			(await expectConversationByReference(result, item, 'gemini-3-pro-image')).turns[0].parts,
		).toEqual([
			{ text: 'Put the hat of image 2 on the cat of image 1' },
			{ image: { binaryProperty: 'turn1_part2', mimeType: 'image/png' } },
			{ image: { binaryProperty: 'turn1_part3', mimeType: 'image/png' } },
		]);
	});

	it('lets the aspect ratio follow the input when none is set (1200x896 in, 4:3 out)', async () => {
		const result = await runGeminiImage(simulator(), edit('Make it night'), {
			input: [{ binary: { data: file(landscape, 'image/png', 'street.png') } }],
		});
		expect(requestBody(simulator()).generationConfig).toEqual({
			responseModalities: ['TEXT', 'IMAGE'],
		});
		const image = await imageOf(result, result.items[0]);
		expect([image.width, image.height]).toEqual([1200, 896]);
		expect(result.items[0].json).toMatchObject({ width: 1200, height: 896 });
	});

	it('applies the size option while the ratio still follows the input', async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('Make it night', { options: { imageSize: '2K' } }),
			{ input: [{ binary: { data: file(landscape, 'image/png') } }] },
		);
		expect(requestBody(simulator()).generationConfig).toEqual({
			responseModalities: ['TEXT', 'IMAGE'],
			imageConfig: { imageSize: '2K' },
		});
		expect(await imageOf(result, result.items[0])).toMatchObject({ width: 2400, height: 1792 });
	});

	it('applies a ratio that is set, over the input', async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('Widen the scene', { options: { aspectRatio: '16:9', imageSize: '4K' } }),
			{ input: [{ binary: { data: file(landscape, 'image/png') } }] },
		);
		expect(requestBody(simulator()).generationConfig).toMatchObject({
			imageConfig: { aspectRatio: '16:9', imageSize: '4K' },
		});
		expect(await imageOf(result, result.items[0])).toMatchObject({ width: 5504, height: 3072 });
	});

	it('sends a JPEG as image/jpeg, its bytes unchanged', async () => {
		const jpeg = await createTestJpeg(800, 600, 'jpeg input');
		const result = await runGeminiImage(simulator(), edit('Warmer colours'), {
			input: [{ binary: { data: file(jpeg, 'image/jpeg', 'photo.jpg') } }],
		});
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())[0].parts[1]).toEqual(inline(jpeg, 'image/jpeg'));
		const [item] = result.items;
		expect(await imageOf(result, item)).toMatchObject({ width: 1200, height: 896, type: 'jpg' });
		expect(
			(await expectConversationByReference(result, item, 'gemini-3-pro-image')).turns[0].parts[1],
		).toEqual({
			image: { binaryProperty: 'turn1_part2', mimeType: 'image/jpeg' },
		});
		expect(await result.readBinary(item, 'turn1_part2')).toEqual(jpeg);
	});

	it('takes a JPEG labelled image/jpg, sending the canonical type', async () => {
		const jpeg = await createTestJpeg(640, 640, 'jpg label');
		const result = await runGeminiImage(simulator(), edit('Sharper'), {
			input: [{ binary: { data: file(jpeg, 'image/jpg', 'photo.jpg') } }],
		});
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())[0].parts[1]).toEqual(inline(jpeg, 'image/jpeg'));
	});

	it('edits every item with its own image and prompt, each paired to its input', async () => {
		const result = await runGeminiImage(simulator(), edit('={{ $json.instruction }}'), {
			input: [
				{ json: { instruction: 'one' }, binary: { data: file(square, 'image/png') } },
				{ json: { instruction: 'two' }, binary: { data: file(landscape, 'image/png') } },
			],
		});
		expect(result.items.map((item) => [item.json.prompt, item.pairedItem])).toEqual([
			['one', { item: 0 }],
			['two', { item: 1 }],
		]);
		expect(await imageOf(result, result.items[1])).toMatchObject({ width: 1200, height: 896 });
		const sent = generateRequests(simulator()).map(
			(request) =>
				(request.body as { contents: Array<{ parts: Array<{ text?: string }> }> }).contents[0]
					.parts[0].text,
		);
		expect(sent.sort()).toEqual(['one', 'two']);
	});

	it('refuses 4 images on Nano Banana, naming the parameter, before any request', async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('Blend', { inputBinaryProperties: 'a, b, c, d' }, 'gemini-2.5-flash-image'),
			{
				input: [
					{
						binary: Object.fromEntries(
							['a', 'b', 'c', 'd'].map((name) => [name, file(square, 'image/png')]),
						),
					},
				],
			},
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'4 reference images are more than Nano Banana (Gemini 2.5 Flash Image) takes (at most 3) (item 0)',
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "Input Binary Properties". Send at most 3 images, or use a Gemini 3 image model (up to 14).',
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('refuses an empty list of properties', async () => {
		const result = await runGeminiImage(simulator(), edit('x', { inputBinaryProperties: ' , ' }), {
			input: [{ binary: { data: file(square, 'image/png') } }],
		});
		expect(result.error?.message).toBe('No input image is named for item 0');
		expect((result.error as NodeOperationError).description).toContain(
			'Parameter "Input Binary Properties"',
		);
	});
});

/** A text file, a PDF (where the model takes images only), and other things Gemini does not take. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const TEXT = Buffer.from('Shopping list: apples, pears\n');
const RANDOM = Buffer.from(Array.from({ length: 600 }, (_, index) => (index * 7919 + 13) % 256));

interface BadInput {
	name: string;
	item: () => InputItem;
	properties?: string;
	message: string;
	description: string;
}

const ACCEPTED =
	'Accepted types: image/png, image/jpeg, image/webp, image/heic, image/heif, image/gif.';

const badInputs: BadInput[] = [
	{
		name: 'a missing binary property: the message lists what the item has',
		item: () => ({ binary: { photo: file(square, 'image/png'), scan: file(square, 'image/png') } }),
		message: 'Item 1 has no binary property "data"',
		description:
			'Parameter "Input Binary Properties" names "data". It has: photo, scan. Read the image with a node such as Read/Write Files from Disk or HTTP Request first, or correct the name.',
	},
	{
		name: 'an item with no binary data at all',
		item: () => ({ json: { note: 'no file' } }),
		message: 'Item 1 has no binary property "data"',
		description: 'Parameter "Input Binary Properties" names "data". It has no binary data at all.',
	},
	{
		name: 'the second of two named properties missing',
		item: () => ({ binary: { data: file(square, 'image/png') } }),
		properties: 'data, photo2',
		message: 'Item 1 has no binary property "photo2"',
		description: 'Parameter "Input Binary Properties" names "photo2". It has: data.',
	},
	{
		name: 'a PDF, on a model that takes images only',
		item: () => ({ binary: { data: file(PDF, 'application/pdf', 'report.pdf') } }),
		message:
			'Nano Banana Pro (Gemini 3 Pro Image) takes no PDF references: "data" (report.pdf) is a PDF (item 1)',
		description: 'Parameter "Input Binary Properties". Nano Banana Pro takes images only.',
	},
	{
		name: 'a text file',
		item: () => ({ binary: { data: file(TEXT, 'text/plain', 'list.txt') } }),
		message:
			'Binary property "data" (list.txt) of item 1 is text/plain, which Gemini does not take as an image',
		description: `Parameter "Input Binary Properties". ${ACCEPTED}`,
	},
	{
		name: 'a GIF whose frames cannot be decoded',
		item: () => ({ binary: { data: file(BROKEN_GIF, 'image/gif', 'broken.gif') } }),
		message: 'Binary property "data" (broken.gif) of item 1 is a GIF that cannot be read',
		description:
			'Parameter "Input Binary Properties". The GIF decoder said: Unknown gif block: 0x55. Re-export the image as PNG or JPEG.',
	},
	{
		name: 'an empty file',
		item: () => ({ binary: { data: file(Buffer.alloc(0), 'image/png', 'empty.png') } }),
		message: 'Binary property "data" (empty.png) of item 1 is an empty file',
		description: 'Parameter "Input Binary Properties". Check the node that produced it.',
	},
	{
		name: 'PNG bytes labelled image/jpeg',
		item: () => ({ binary: { data: file(square, 'image/jpeg', 'photo.jpg') } }),
		message:
			'Binary property "data" (photo.jpg) of item 1 claims to be image/jpeg but holds image/png data',
		description:
			'Parameter "Input Binary Properties". Set the right MIME type where the file is read, or re-export the image.',
	},
	{
		name: 'random bytes labelled image/png',
		item: () => ({ binary: { data: file(RANDOM, 'image/png', 'broken.png') } }),
		message:
			'Binary property "data" (broken.png) of item 1 claims to be image/png but is not an image',
		description:
			'Parameter "Input Binary Properties". Set the right MIME type where the file is read, or re-export the image.',
	},
];

describe('Edit: input that is not an image Gemini takes', () => {
	it.each(badInputs)('$name', async ({ item, properties, message, description }) => {
		const parameters = edit('Brighter', properties ? { inputBinaryProperties: properties } : {});
		const good = (label: string): InputItem => ({
			binary: {
				data: file(landscape, 'image/png', `${label}.png`),
				photo2: file(square, 'image/png'),
			},
		});
		const input = [good('first'), item(), good('third')];

		const stopped = await runGeminiImage(simulator(), parameters, { input });
		expect(stopped.error).toBeInstanceOf(NodeOperationError);
		expect(stopped.error?.message).toBe(message);
		expect((stopped.error as NodeOperationError).description).toContain(description);
		expect(stopped.items).toEqual([]);

		simulator().reset();
		const continued = await runGeminiImage(simulator(), parameters, {
			input,
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.items.map((output) => output.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const [first, failed, third] = continued.items;
		expect(failed.binary).toBeUndefined();
		expect(failed.json.error).toMatchObject({
			message,
			description: expect.stringContaining(description),
			reason: 'INVALID_PARAMETER',
			retryable: false,
		});
		for (const output of [first, third]) {
			expect(await imageOf(continued, output)).toMatchObject({ width: 1200, height: 896 });
		}
		// Only the good items reached Google.
		expect(generateRequests(simulator())).toHaveLength(2);
	});
});
