/** Today's model line-up: retired ids, Nano Banana 2.1's rules, image search grounding. */
import { GOOGLE_RETIRED_MODELS } from './table';
import { startSimulator } from '../server/server';
import { answerImage, generate, get, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.close());

const withSearch = (searchTypes?: Record<string, unknown>) => ({
	...prompt('The tallest lighthouses of Portugal'),
	tools: [{ googleSearch: searchTypes ? { searchTypes } : {} }],
});

describe('retired ids, by default', () => {
	it.each(GOOGLE_RETIRED_MODELS)('%s answers Google’s 404', async (id) => {
		const answer = await generate(sim, id, prompt('a lighthouse'));
		expect(answer.status).toBe(404);
		expect(answer.body.error).toEqual({
			code: 404,
			status: 'NOT_FOUND',
			message: `models/${id} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
		});
	});

	it('lists none of them, and lists 2.1', async () => {
		const names = ((await get(sim, '/v1beta/models?pageSize=1000')).body.models as any[]).map(
			(model) => model.name,
		);
		expect(names).toContain('models/gemini-nano-banana-2.1');
		expect(names).toContain('models/gemini-3-pro-image');
		for (const id of GOOGLE_RETIRED_MODELS) expect(names).not.toContain(`models/${id}`);
	});

	it('serves a list a test sets instead', async () => {
		const gateway = await startSimulator({ retiredModels: ['gemini-3-pro-image'] });
		try {
			expect((await generate(gateway, 'gemini-3.1-flash-image', prompt('x'))).status).toBe(200);
			expect((await generate(gateway, 'gemini-3-pro-image', prompt('x'))).status).toBe(404);
		} finally {
			await gateway.close();
		}
	});
});

describe('Nano Banana 2.1', () => {
	it.each([
		['MINIMAL', 200],
		['MEDIUM', 200],
		['HIGH', 200],
		['LOW', 400],
	])('thinking level %s → %i', async (level, status) => {
		const answer = await generate(
			sim,
			'gemini-nano-banana-2.1',
			prompt('x', { thinkingConfig: { thinkingLevel: level } }),
		);
		expect(answer.status).toBe(status);
		if (status === 400) {
			expect(answer.body.error.message).toBe(
				`Thinking level ${level} is not supported for this model. Please retry with other thinking level.`,
			);
		}
	});

	it('refuses 512 and takes 4K at 8:1', async () => {
		const small = await generate(
			sim,
			'gemini-nano-banana-2.1',
			prompt('x', { imageConfig: { imageSize: '512' } }),
		);
		expect(small.status).toBe(400);
		const wide = await generate(
			sim,
			'gemini-nano-banana-2.1',
			prompt('x', { imageConfig: { imageSize: '4K', aspectRatio: '8:1' } }),
		);
		expect(wide.status).toBe(200);
		expect(answerImage(wide.body)).toBeDefined();
	});
});

describe('image search grounding', () => {
	it('answers image chunks and image queries beside the web ones', async () => {
		const answer = await generate(
			sim,
			'gemini-nano-banana-2.1',
			withSearch({ webSearch: {}, imageSearch: {} }),
		);
		expect(answer.status).toBe(200);
		const grounding = answer.body.candidates[0].groundingMetadata;
		expect(grounding.imageSearchQueries).toEqual(['The tallest lighthouses of Portugal photo']);
		expect(grounding.webSearchQueries).toHaveLength(2);
		const chunks = grounding.groundingChunks as any[];
		expect(chunks.filter((chunk) => chunk.web)).toHaveLength(3);
		expect(chunks.filter((chunk) => chunk.image).map((chunk) => Object.keys(chunk.image))).toEqual([
			['imageUri', 'sourceUri', 'title', 'domain'],
			['imageUri', 'sourceUri', 'title', 'domain'],
		]);
	});

	it('image search alone has no web chunks', async () => {
		const answer = await generate(sim, 'gemini-nano-banana-2.1', withSearch({ imageSearch: {} }));
		const grounding = answer.body.candidates[0].groundingMetadata;
		expect(grounding.webSearchQueries).toBeUndefined();
		expect((grounding.groundingChunks as any[]).every((chunk) => chunk.image)).toBe(true);
	});

	it('web search alone (the default) has no image chunks', async () => {
		const answer = await generate(sim, 'gemini-3-pro-image', withSearch());
		const grounding = answer.body.candidates[0].groundingMetadata;
		expect(grounding.imageSearchQueries).toBeUndefined();
		expect((grounding.groundingChunks as any[]).every((chunk) => chunk.web)).toBe(true);
	});

	it('is refused on Pro, which searches the web only', async () => {
		const answer = await generate(sim, 'gemini-3-pro-image', withSearch({ imageSearch: {} }));
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			'Image search is not supported for models/gemini-3-pro-image.',
		);
	});

	it('rejects a search type Google does not have', async () => {
		const answer = await generate(sim, 'gemini-nano-banana-2.1', withSearch({ videoSearch: {} }));
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toMatch(/Unknown name "videoSearch"/);
	});
});
