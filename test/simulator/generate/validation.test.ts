/** generateContent requests Google refuses: structure, generation config, tools and thinking. */
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

type Case = [name: string, model: string, body: () => unknown, message: string | RegExp];

const cases: Case[] = [
	[
		'contents missing',
		'gemini-2.5-flash-image',
		() => ({}),
		'* GenerateContentRequest.contents: contents is not specified\n',
	],
	[
		'contents empty',
		'gemini-2.5-flash-image',
		() => ({ contents: [] }),
		/contents is not specified/,
	],
	[
		'parts empty',
		'gemini-2.5-flash-image',
		() => ({ contents: [{ role: 'user', parts: [] }] }),
		'* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.\n',
	],
	[
		'a part with no data',
		'gemini-2.5-flash-image',
		() => ({ contents: [{ role: 'user', parts: [{ text: 'x' }, {}] }] }),
		"* GenerateContentRequest.contents[0].parts[1].data: required oneof field 'data' must have one initialized field\n",
	],
	[
		'a part with two kinds of data',
		'gemini-2.5-flash-image',
		() => ({
			contents: [{ parts: [{ text: 'x', inlineData: { mimeType: 'image/png', data: png } }] }],
		}),
		/Oneof field 'data' is already set/,
	],
	[
		'an unknown role',
		'gemini-2.5-flash-image',
		() => ({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }),
		'Please use a valid role: user, model.',
	],
	[
		'a turn of a history without a role',
		'gemini-2.5-flash-image',
		() => ({
			contents: [
				{ role: 'user', parts: [{ text: 'a fox' }] },
				{ role: 'model', parts: [{ text: 'Here it is.' }] },
				{ parts: [{ text: 'now at night' }] },
			],
		}),
		'Please use a valid role: user, model.',
	],
	[
		"a history whose last turn is the model's",
		'gemini-2.5-flash-image',
		() => ({
			contents: [
				{ role: 'user', parts: [{ text: 'a fox' }] },
				{ role: 'model', parts: [{ text: 'Here it is.' }] },
			],
		}),
		'Please ensure that the last turn of contents is a user turn.',
	],
	[
		'an unknown field',
		'gemini-2.5-flash-image',
		() => ({
			...prompt('x'),
			generationConfig: { imageConfig: { aspect_ratio: '1:1', resolution: '1K' } },
		}),
		`Invalid JSON payload received. Unknown name "resolution" at 'generation_config.image_config': Cannot find field.`,
	],
	[
		'a top-level array',
		'gemini-2.5-flash-image',
		() => [prompt('x')],
		/Root element must be a message/,
	],
	[
		'an aspect ratio the model lacks',
		'gemini-2.5-flash-image',
		() => prompt('x', { imageConfig: { aspectRatio: '1:4' } }),
		/Unsupported aspect ratio "1:4" for models\/gemini-2.5-flash-image/,
	],
	[
		'a made-up aspect ratio',
		'gemini-3-pro-image',
		() => prompt('x', { imageConfig: { aspectRatio: '7:3' } }),
		/Unsupported aspect ratio "7:3"/,
	],
	[
		'lowercase 1k',
		'gemini-3-pro-image',
		() => prompt('x', { imageConfig: { imageSize: '1k' } }),
		/Unsupported image size "1k".*case sensitive/,
	],
	[
		'2K on 2.5 Flash',
		'gemini-2.5-flash-image',
		() => prompt('x', { imageConfig: { imageSize: '2K' } }),
		/Unsupported image size "2K"/,
	],
	[
		'4K on Flash-Lite',
		'gemini-3.1-flash-lite-image',
		() => prompt('x', { imageConfig: { imageSize: '4K' } }),
		/Unsupported image size "4K"/,
	],
	[
		'512 on Pro',
		'gemini-3-pro-image',
		() => prompt('x', { imageConfig: { imageSize: '512' } }),
		/Unsupported image size "512"/,
	],
	[
		'512 on Nano Banana 2.1',
		'gemini-nano-banana-2.1',
		() => prompt('x', { imageConfig: { imageSize: '512' } }),
		/Unsupported image size "512"/,
	],
	[
		'two candidates',
		'gemini-3.1-flash-image',
		() => prompt('x', { candidateCount: 2 }),
		'Multiple candidates is not enabled for models/gemini-3.1-flash-image',
	],
	[
		'search on 2.5 Flash',
		'gemini-2.5-flash-image',
		() => ({ ...prompt('x'), tools: [{ googleSearch: {} }] }),
		'Search Grounding is not supported.',
	],
	[
		'search on Flash-Lite',
		'gemini-3.1-flash-lite-image',
		() => ({ ...prompt('x'), tools: [{ google_search: {} }] }),
		'Search Grounding is not supported.',
	],
	[
		'the retired search tool',
		'gemini-3-pro-image',
		() => ({ ...prompt('x'), tools: [{ googleSearchRetrieval: {} }] }),
		'google_search_retrieval is not supported. Please use google_search tool instead.',
	],
	[
		'thinking on 2.5 Flash',
		'gemini-2.5-flash-image',
		() => prompt('x', { thinkingConfig: { includeThoughts: true } }),
		'Thinking is not enabled for models/gemini-2.5-flash-image',
	],
	[
		'thinking on Flash-Lite',
		'gemini-3.1-flash-lite-image',
		() => prompt('x', { thinkingConfig: { thinkingLevel: 'HIGH' } }),
		/Thinking is not enabled/,
	],
	[
		'LOW thinking on Pro',
		'gemini-3-pro-image',
		() => prompt('x', { thinkingConfig: { thinkingLevel: 'LOW' } }),
		'Thinking level LOW is not supported for this model. Please retry with other thinking level.',
	],
	[
		'MEDIUM thinking on 3.1 Flash',
		'gemini-3.1-flash-image',
		() => prompt('x', { thinkingConfig: { thinkingLevel: 'MEDIUM' } }),
		/Thinking level MEDIUM is not supported/,
	],
	[
		'a made-up thinking level',
		'gemini-3.1-flash-image',
		() => prompt('x', { thinkingConfig: { thinkingLevel: 'EXTREME' } }),
		/Invalid value at 'generation_config.thinking_config.thinking_level'/,
	],
	[
		'no thinking on Pro',
		'gemini-3-pro-image',
		() => prompt('x', { thinkingConfig: { thinkingBudget: 0 } }),
		'Budget 0 is invalid. This model only works in thinking mode.',
	],
	[
		'an unknown modality',
		'gemini-3-pro-image',
		() => prompt('x', { responseModalities: ['PICTURE'] }),
		/Invalid value at 'generation_config.response_modalities\[0\]'/,
	],
	[
		'IMAGE from a text model',
		'gemini-2.5-flash',
		() => prompt('x', { responseModalities: ['TEXT', 'IMAGE'] }),
		'Model does not support the requested response modalities: image',
	],
	[
		'an unknown safety category',
		'gemini-2.5-flash-image',
		() => ({
			...prompt('x'),
			safetySettings: [{ category: 'HARM_CATEGORY_RUDENESS', threshold: 'BLOCK_NONE' }],
		}),
		/Invalid value at 'safety_settings\[0\].category' \(type.googleapis.com\/google.ai.generativelanguage.v1beta.HarmCategory\), "HARM_CATEGORY_RUDENESS"/,
	],
	[
		'an unknown safety threshold',
		'gemini-2.5-flash-image',
		() => ({
			...prompt('x'),
			safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_SOME' }],
		}),
		/Invalid value at 'safety_settings\[0\].threshold'/,
	],
];
describe('requests Google would refuse', () => {
	it.each(cases)('%s → 400', async (_name, model, body, message) => {
		const answer = await generate(sim, model, body());
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe(400);
		expect(answer.body.error.status).toBe('INVALID_ARGUMENT');
		if (typeof message === 'string') expect(answer.body.error.message).toBe(message);
		else expect(answer.body.error.message).toMatch(message);
	});
});
