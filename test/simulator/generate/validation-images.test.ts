/** generateContent requests Google refuses for their images, the field a 400 names, and what passes. */
import { createTestPng } from '../images/picture';
import { startSimulator } from '../server/server';
import { generate, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
let png: string;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
	png = (await createTestPng(64, 48)).toString('base64');
});
afterAll(() => sim.close());

function withImages(count: number, mimeType = 'image/png', data?: string): Record<string, unknown> {
	const images = Array.from({ length: count }, () => ({
		inlineData: { mimeType, data: data ?? png },
	}));
	return { contents: [{ role: 'user', parts: [{ text: 'combine these' }, ...images] }] };
}

type Case = [name: string, model: string, body: () => unknown, message: string | RegExp];

const cases: Case[] = [
	[
		'a GIF input',
		'gemini-2.5-flash-image',
		() => withImages(1, 'image/gif'),
		'Unsupported MIME type: image/gif',
	],
	[
		'a PDF input',
		'gemini-3-pro-image',
		() => withImages(1, 'application/pdf'),
		'Unsupported MIME type: application/pdf',
	],
	[
		'an input with no MIME type',
		'gemini-3-pro-image',
		() => withImages(1, ''),
		/mime_type is not specified/,
	],
	[
		'empty image data',
		'gemini-2.5-flash-image',
		() => withImages(1, 'image/png', ''),
		/^Unable to process input image/,
	],
	[
		'image data that is not base64',
		'gemini-2.5-flash-image',
		() => withImages(1, 'image/png', 'not base64!'),
		/Base64 decoding failed/,
	],
	[
		'bytes that are not an image',
		'gemini-2.5-flash-image',
		() => withImages(1, 'image/png', Buffer.from('hello').toString('base64')),
		/^Unable to process input image/,
	],
	[
		'four images on 2.5 Flash',
		'gemini-2.5-flash-image',
		() => withImages(4),
		'The request contains 4 input images, but models/gemini-2.5-flash-image accepts at most 3.',
	],
	[
		'fifteen images on Pro',
		'gemini-3-pro-image-preview',
		() => withImages(15),
		/contains 15 input images.*at most 14/,
	],
];
describe('image requests Google would refuse', () => {
	it.each(cases)('%s → 400', async (_name, model, body, message) => {
		const answer = await generate(sim, model, body());
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe(400);
		expect(answer.body.error.status).toBe('INVALID_ARGUMENT');
		if (typeof message === 'string') expect(answer.body.error.message).toBe(message);
		else expect(answer.body.error.message).toMatch(message);
	});
	it('names the field in a BadRequest detail where Google does', async () => {
		const answer = await generate(
			sim,
			'gemini-3-pro-image',
			prompt('x', { imageConfig: { imageSize: '8K' } }),
		);
		expect(answer.body.error.details).toEqual([
			{
				'@type': 'type.googleapis.com/google.rpc.BadRequest',
				fieldViolations: [
					{ field: 'generation_config.image_config.image_size', description: expect.any(String) },
				],
			},
		]);
	});

	it('accepts what the models do support', async () => {
		const ok: Array<[string, unknown]> = [
			[
				'gemini-2.5-flash-image',
				prompt('x', { imageConfig: { aspectRatio: '21:9', imageSize: '1K' } }),
			],
			['gemini-2.5-flash-image', withImages(3)],
			['gemini-3-pro-image', { ...withImages(14), tools: [{ googleSearch: {} }] }],
			[
				'gemini-3-pro-image',
				prompt('x', { thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true } }),
			],
			[
				'gemini-3.1-flash-image',
				prompt('x', {
					thinkingConfig: { thinkingLevel: 'MINIMAL' },
					imageConfig: { imageSize: '512' },
				}),
			],
			[
				'gemini-nano-banana-2.1',
				prompt('x', {
					thinkingConfig: { thinkingLevel: 'MEDIUM' },
					imageConfig: { aspectRatio: '1:8' },
				}),
			],
			[
				'gemini-3.1-flash-image',
				prompt('x', { candidateCount: 1, seed: 42, temperature: 0.4, topP: 0.9 }),
			],
			[
				'gemini-2.5-flash-image',
				{
					...prompt('x'),
					safetySettings: [
						{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_ONLY_HIGH' },
					],
				},
			],
			[
				'gemini-2.5-flash-image',
				{ ...prompt('x'), systemInstruction: { parts: [{ text: 'be brief' }] } },
			],
			[
				'gemini-2.5-flash-image',
				withImages(1, 'image/webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 ').toString('base64')),
			],
		];
		for (const [model, body] of ok) {
			const answer = await generate(sim, model, body);
			expect({ model, status: answer.status, error: answer.body.error }).toEqual({
				model,
				status: 200,
				error: undefined,
			});
		}
	});
});
