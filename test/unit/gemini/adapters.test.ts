import type { GenerationSettings } from '../../../nodes/GeminiImage/gemini/catalogue/settings';
import { generateContentAdapter } from '../../../nodes/GeminiImage/gemini/generateContent/adapter';
import { interactionsAdapter } from '../../../nodes/GeminiImage/gemini/interactions/adapter';

const settings = {
	model: 'models/gemini-3-pro-image',
	responseModalities: ['TEXT', 'IMAGE'],
	safetySettings: [],
	includeThoughts: false,
	googleSearch: false,
	aspectRatio: '16:9',
} as unknown as GenerationSettings;
const contents = [{ role: 'user', parts: [{ text: 'A red fox' }] }];
const PNG = 'iVBORw0KGgo=';

describe('the adapters of the two APIs', () => {
	it('build one request each from the same settings and turns', () => {
		expect(generateContentAdapter.buildRequest(settings, contents, {})).toMatchObject({
			model: 'gemini-3-pro-image',
			contents,
			config: { imageConfig: { aspectRatio: '16:9' } },
		});
		expect(
			interactionsAdapter.buildRequest(settings, contents, {
				previousInteractionId: 'v1_abc',
				background: true,
			}),
		).toMatchObject({
			model: 'gemini-3-pro-image',
			input: [{ type: 'text', text: 'A red fox' }],
			previous_interaction_id: 'v1_abc',
			background: true,
			response_format: { type: 'image', aspect_ratio: '16:9' },
		});
	});

	it('read their answers into the one shape', () => {
		const fromGenerate = generateContentAdapter.readContent({
			candidates: [
				{
					content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: PNG } }] },
					finishReason: 'STOP',
				},
			],
		});
		const fromInteraction = interactionsAdapter.readContent({
			id: 'v1_abc',
			status: 'completed',
			steps: [
				{ type: 'model_output', content: [{ type: 'image', mime_type: 'image/png', data: PNG }] },
			],
		});
		expect(fromGenerate.image).toEqual({ mimeType: 'image/png', data: PNG });
		expect(fromInteraction.image).toEqual(fromGenerate.image);
	});

	it('say which takes custom safety settings', () => {
		expect(generateContentAdapter.takesSafetySettings).toBe(true);
		expect(interactionsAdapter.takesSafetySettings).toBe(false);
	});
});
