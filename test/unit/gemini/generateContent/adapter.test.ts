import type { Content } from '@google/genai';

import { buildGenerateContentRequest } from '../../../../nodes/GeminiImage/gemini/generateContent/adapter';
import type { GenerationSettings } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';

const userTurn = (text: string): Content => ({ role: 'user', parts: [{ text }] });

const base: GenerationSettings = {
	model: 'gemini-3-pro-image',
	responseModalities: ['TEXT', 'IMAGE'],
	safetySettings: [],
	includeThoughts: false,
	googleSearch: false,
};

describe('buildGenerateContentRequest', () => {
	it('sends only the prompt and modalities when nothing else is set', () => {
		const request = buildGenerateContentRequest(base, [userTurn('a red fox')]);
		expect(request).toEqual({
			model: 'gemini-3-pro-image',
			contents: [{ role: 'user', parts: [{ text: 'a red fox' }] }],
			config: { responseModalities: ['TEXT', 'IMAGE'] },
		});
	});

	it('maps every setting to the camelCase field the API documents', () => {
		const request = buildGenerateContentRequest(
			{
				...base,
				model: 'models/gemini-3.1-flash-image',
				aspectRatio: '16:9',
				imageSize: '4K',
				responseModalities: ['IMAGE'],
				temperature: 0.4,
				topP: 0.9,
				seed: 42,
				systemInstruction: 'House style: flat pastel',
				safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
				thinkingLevel: 'MINIMAL',
				includeThoughts: true,
				googleSearch: true,
			},
			[userTurn('weather in Paris')],
		);
		expect(request.model).toBe('gemini-3.1-flash-image');
		expect(request.config).toEqual({
			responseModalities: ['IMAGE'],
			imageConfig: { aspectRatio: '16:9', imageSize: '4K' },
			temperature: 0.4,
			topP: 0.9,
			seed: 42,
			systemInstruction: { parts: [{ text: 'House style: flat pastel' }] },
			safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
			thinkingConfig: { includeThoughts: true, thinkingLevel: 'MINIMAL' },
			tools: [{ googleSearch: {} }],
		});
	});

	it('leaves imageConfig out when the model is to decide', () => {
		const request = buildGenerateContentRequest({ ...base, imageSize: '2K' }, [userTurn('x')]);
		expect(request.config?.imageConfig).toEqual({ imageSize: '2K' });
	});
});
