import { NodeOperationError } from 'n8n-workflow';

import {
	expectConversationByReference,
	generateRequests,
	imageOf,
	model,
	requestBody,
	runGeminiImage,
	parametersOf,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

const search = (prompt: string, options: Record<string, unknown> = {}, modelId?: string) =>
	parametersOf('generateWithSearch')(prompt, { options }, modelId);

interface Source {
	title: string;
	url: string;
}

describe('Generate with Google Search', () => {
	it.each(['gemini-3-pro-image', 'gemini-3.1-flash-image'])(
		'asks for the googleSearch tool and outputs sources, queries and the entry point (%s)',
		async (modelId) => {
			const prompt = 'Tomorrow weather in Lisbon as a poster';
			const result = await runGeminiImage(
				simulator(),
				search(prompt, { aspectRatio: '9:16' }, modelId),
			);
			expect(result.error).toBeUndefined();

			const [request] = generateRequests(simulator());
			expect(request.path).toBe(`/v1beta/models/${modelId}:generateContent`);
			expect(request.body).toEqual({
				contents: [{ role: 'user', parts: [{ text: prompt }] }],
				tools: [{ googleSearch: {} }],
				generationConfig: {
					responseModalities: ['TEXT', 'IMAGE'],
					imageConfig: { aspectRatio: '9:16' },
				},
			});

			expect(result.items).toHaveLength(1);
			const [item] = result.items;
			const image = await imageOf(result, item);
			expect([image.width, image.height, image.type]).toEqual([768, 1376, 'jpg']);
			expect(item.pairedItem).toEqual({ item: 0 });

			const sources = item.json.sources as Source[];
			expect(sources).toEqual(
				[1, 2, 3].map(() => ({ title: expect.any(String), url: expect.any(String) })),
			);
			expect(sources[0]).toEqual({
				title: `example.com: ${prompt.slice(0, 40)} (1)`,
				url: 'https://example.com/tomorrow-weather-in-lisbon-as-a-poster/source-1',
			});
			expect(item.json.searchQueries).toEqual([prompt, 'Tomorrow weather in Lisbon as latest']);
			const entryPoint = item.json.searchEntryPoint as string;
			expect(entryPoint).toMatch(/^<style>[\s\S]*<\/div>$/);
			expect(entryPoint).toContain(
				'href="https://www.google.com/search?q=Tomorrow%20weather%20in%20Lisbon%20as%20a%20poster"',
			);
			expect(item.json).toMatchObject({
				prompt,
				model: modelId,
				text: expect.stringContaining('Here is the image you asked for'),
				finishReason: 'STOP',
				width: 768,
				height: 1376,
			});

			const conversation = await expectConversationByReference(result, item, modelId);
			expect(conversation.turns[0]).toEqual({ role: 'user', parts: [{ text: prompt }] });
			expect(conversation.turns[1].parts.at(-1)).toMatchObject({
				image: { binaryProperty: 'data', mimeType: 'image/jpeg' },
			});
		},
	);

	it('grounds every item with its own prompt', async () => {
		const result = await runGeminiImage(simulator(), search('={{ $json.topic }}'), {
			input: [{ json: { topic: 'Score of the final' } }, { json: { topic: 'Price of gold' } }],
		});
		expect(result.items.map((item) => [item.pairedItem, item.json.searchQueries])).toEqual([
			[{ item: 0 }, ['Score of the final', 'Score of the final latest']],
			[{ item: 1 }, ['Price of gold', 'Price of gold latest']],
		]);
		expect(generateRequests(simulator())).toHaveLength(2);
		for (const index of [0, 1]) {
			expect(requestBody(simulator(), index).tools).toEqual([{ googleSearch: {} }]);
		}
	});

	it('Generate sends no tool and outputs no sources', async () => {
		const result = await runGeminiImage(simulator(), {
			operation: 'generate',
			model: model('gemini-3-pro-image'),
			prompt: 'A poster',
		});
		expect(requestBody(simulator())).not.toHaveProperty('tools');
		expect(result.items[0].json).not.toHaveProperty('sources');
		expect(result.items[0].json).not.toHaveProperty('searchEntryPoint');
	});
});

describe('Generate with Google Search: models without grounding are refused before any request', () => {
	it.each([
		['gemini-2.5-flash-image', 'Nano Banana (Gemini 2.5 Flash Image)'],
		['gemini-3.1-flash-lite-image', 'Nano Banana 2 Lite (Gemini 3.1 Flash-Lite Image)'],
	])('%s', async (modelId, displayName) => {
		const result = await runGeminiImage(simulator(), search('Weather today', {}, modelId));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			`${displayName} cannot ground images with Google Search (item 0)`,
		);
		expect((result.error as NodeOperationError).description).toBe(
			'Parameter "Operation". Use Nano Banana Pro (gemini-3-pro-image) or Nano Banana 2.1 (gemini-nano-banana-2.1).',
		);
		expect(simulator().requests).toHaveLength(0);

		const continued = await runGeminiImage(simulator(), search('Weather today', {}, modelId), {
			continueOnFail: true,
		});
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json.error).toMatchObject({
			message: `${displayName} cannot ground images with Google Search (item 0)`,
			retryable: false,
		});
		expect(simulator().requests).toHaveLength(0);
	});
});
