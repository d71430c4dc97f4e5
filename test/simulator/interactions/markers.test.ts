/**
 * The Interactions API gives generateContent's checks and markers: the same 400s and 404s, the
 * same refusals, the same error answers; and a history sent back as steps has its signatures
 * checked. The lifecycle (create, continue, get, delete, cancel): interactions.test.ts.
 */
import { FINISH_MESSAGES } from '../generate/answer';
import type { GoogleStatus } from '../server/google-errors';
import { createTestPng } from '../images/picture';
import { INTERACTION_ERROR_CODES } from './errors';
import { startSimulator } from '../server/server';
import {
	client,
	createInteraction,
	generate,
	interactionImage,
	NO_RETRIES,
	type JsonAnswer,
} from '../test-helpers';
import type { Simulator } from '../types';

const MODEL = 'gemini-nano-banana-2.1';
let sim: Simulator;
let png: string;
beforeAll(async () => {
	sim = await startSimulator({ retiredModels: ['gemini-3.1-flash-image'], signatureBytes: 0 });
	png = (await createTestPng(64, 48)).toString('base64');
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const image = (mimeType = 'image/png') => ({ type: 'image', data: png, mime_type: mimeType });
const inlineImage = (mimeType = 'image/png') => ({ inlineData: { mimeType, data: png } });

type Case = [name: string, model: string, interaction: object, generateContent: object];

const cases: Case[] = [
	[
		'4K on a 1K-only model',
		'gemini-3.1-flash-lite-image',
		{ response_format: { type: 'image', image_size: '4K' } },
		{ generationConfig: { imageConfig: { imageSize: '4K' } } },
	],
	[
		'an aspect ratio the model lacks',
		'gemini-3.1-flash-lite-image',
		{ response_format: { type: 'image', aspect_ratio: '1:4' } },
		{ generationConfig: { imageConfig: { aspectRatio: '1:4' } } },
	],
	[
		'a thinking level the model lacks',
		'gemini-3-pro-image',
		{ generation_config: { thinking_level: 'minimal' } },
		{ generationConfig: { thinkingConfig: { thinkingLevel: 'MINIMAL' } } },
	],
	[
		'image search on a model that cannot search images',
		'gemini-3-pro-image',
		{ tools: [{ type: 'google_search', search_types: ['image_search'] }] },
		{ tools: [{ googleSearch: { searchTypes: { imageSearch: {} } } }] },
	],
	[
		'search on a model that cannot search',
		'gemini-3.1-flash-lite-image',
		{ tools: [{ type: 'google_search' }] },
		{ tools: [{ googleSearch: {} }] },
	],
];

async function both(model: string, interaction: object, generateContent: object, input: unknown[]) {
	const ix = await createInteraction(sim, { model, input, ...interaction });
	const parts = input.map((c: any) =>
		c.type === 'text' ? { text: c.text } : inlineImage(c.mime_type),
	);
	const gc = await generate(sim, model, {
		contents: [{ role: 'user', parts }],
		...generateContent,
	});
	return [ix, gc] as const;
}

/** The same status and message (and details); the Interactions API's shape: a lowercase code. */
function expectSame([ix, gc]: readonly [JsonAnswer, JsonAnswer], status: number): void {
	expect(gc.status).toBe(status);
	expect(ix.status).toBe(status);
	const { message, status: googleStatus, details } = gc.body.error;
	expect(ix.body).toEqual({
		error: { message, code: INTERACTION_ERROR_CODES[googleStatus as GoogleStatus], details },
	});
}

async function expectRefused(body: object, status: number, code: string, message: string) {
	const ix = await createInteraction(sim, { model: MODEL, input: 'draw', ...body });
	expect([ix.status, ix.body]).toEqual([status, { error: { message, code } }]);
}

describe('validation, the same as generateContent', () => {
	it.each(cases)('%s', async (_name, model, interaction, generateContent) => {
		expectSame(
			await both(model, interaction, generateContent, [{ type: 'text', text: 'draw' }]),
			400,
		);
	});

	it('too many input images, and an image type the model does not read', async () => {
		const four = [{ type: 'text', text: 'combine' }, image(), image(), image(), image()];
		expectSame(await both('gemini-2.5-flash-image', {}, {}, four), 400);
		const gif = [{ type: 'text', text: 'edit' }, image('image/gif')];
		expectSame(await both(MODEL, {}, {}, gif), 400);
	});

	it('unknown and retired models: 404 "Model \'<id>\' not found."', async () => {
		for (const model of ['gemini-9-ultra-image', 'models/gemini-3.1-flash-image']) {
			const id = model.replace(/^models\//, '');
			await expectRefused({ model }, 404, 'not_found', `Model '${id}' not found.`);
			const gc = await generate(sim, id, { contents: [{ parts: [{ text: 'x' }] }] });
			expect(gc.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
		}
	});

	it('refuses safety_settings, which the Interactions API does not support', async () => {
		const safety_settings = [{ type: 'dangerous_content', threshold: 'block_only_high' }];
		await expectRefused(
			{ safety_settings },
			400,
			'invalid_request',
			'Custom safety settings are not supported in the Interactions API.',
		);
	});

	it('takes image/jpeg only as response_format.mime_type', async () => {
		for (const mime_type of ['image/png', 'image/webp']) {
			await expectRefused(
				{ response_format: { type: 'image', mime_type } },
				400,
				'invalid_request',
				`The value '${mime_type}' is not supported for 'response_format.mime_type'.`,
			);
		}
		const ok = { type: 'image', mime_type: 'image/jpeg' };
		const ix = await createInteraction(sim, { model: MODEL, input: 'a pear', response_format: ok });
		expect(interactionImage(ix.body)?.mimeType).toBe('image/jpeg');
	});

	it('a Files API uri the simulator does not hold', async () => {
		const ix = await createInteraction(sim, {
			model: MODEL,
			input: [{ type: 'image', uri: `${sim.url}/v1beta/files/nothing`, mime_type: 'image/png' }],
		});
		expect(ix.status).toBe(403);
		expect(ix.body.error).toMatchObject({
			code: 'permission_denied',
			message: expect.stringContaining('nothing'),
		});
	});

	it('rejects a field the API lacks, as the front end does', async () => {
		const ix = await createInteraction(sim, { model: MODEL, input: 'x', contents: [] });
		expect(ix.status).toBe(400);
		expect(ix.body.error).toMatchObject({
			code: 'invalid_request',
			message: 'Invalid JSON payload received. Unknown name "contents": Cannot find field.',
		});
	});
});

describe('markers', () => {
	it.each([
		['[sim:refusal]', FINISH_MESSAGES.IMAGE_SAFETY],
		['[sim:prohibited]', FINISH_MESSAGES.IMAGE_PROHIBITED_CONTENT],
		['[sim:image-other]', FINISH_MESSAGES.IMAGE_OTHER],
	])('%s: completed, the finish message as the only content', async (marker, message) => {
		const ix = await createInteraction(sim, { model: MODEL, input: `a portrait ${marker}` });
		expect(ix.body.status).toBe('completed');
		expect(ix.body.steps).toEqual([
			{ type: 'model_output', content: [{ type: 'text', text: message }] },
		]);
	});

	it('[sim:text-only] and [sim:no-image]: text, no image', async () => {
		for (const marker of ['[sim:text-only]', '[sim:no-image]']) {
			const ix = await createInteraction(sim, { model: MODEL, input: `a celebrity ${marker}` });
			expect(ix.body.status).toBe('completed');
			expect(interactionImage(ix.body)).toBeUndefined();
			const output = ix.body.steps.find((s: any) => s.type === 'model_output');
			expect(output.content).toEqual([{ type: 'text', text: expect.any(String) }]);
		}
	});

	it('[sim:blocked]: failed, PROHIBITED_CONTENT in errors, no model_output', async () => {
		const ix = await createInteraction(sim, { model: MODEL, input: 'x [sim:blocked]' });
		expect(ix.status).toBe(200);
		expect(ix.body).toMatchObject({
			status: 'failed',
			steps: [],
			errors: [
				{ code: 'PROHIBITED_CONTENT', message: expect.stringMatching(/^The prompt was blocked/) },
			],
		});
	});

	it('[sim:429=3s]: the same 429 with RetryInfo, through the SDK too', async () => {
		const text = 'a cat [sim:429=3s]';
		expectSame(await both(MODEL, {}, {}, [{ type: 'text', text }]), 429);
		const ai = client(sim).interactions;
		const error: any = await ai
			.create({ model: MODEL, input: text } as any, NO_RETRIES)
			.catch((e) => e);
		expect(error.status).toBe(429);
		expect(JSON.parse(error.body).error.code).toBe('resource_exhausted');
		expect(JSON.parse(error.body).error.details).toContainEqual({
			'@type': 'type.googleapis.com/google.rpc.RetryInfo',
			retryDelay: '3s',
		});
	});

	it('[sim:fail-first=1:503] fails once, then answers', async () => {
		const input = 'a dog [sim:fail-first=1:503]';
		expect((await createInteraction(sim, { model: MODEL, input })).status).toBe(503);
		expect((await createInteraction(sim, { model: MODEL, input })).body.status).toBe('completed');
	});

	it('[sim:truncate], [sim:malformed] and [sim:drop] break the answer as on generateContent', async () => {
		const send = (marker: string) =>
			fetch(`${sim.url}/v1beta/interactions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-goog-api-key': sim.apiKey },
				body: JSON.stringify({ model: MODEL, input: `x ${marker}` }),
			});
		const truncated = await (await send('[sim:truncate]')).text();
		expect(() => JSON.parse(truncated)).toThrow();
		expect((await send('[sim:malformed]')).headers.get('content-type')).toMatch(/^text\/html/);
		await expect(send('[sim:drop]')).rejects.toThrow();
	});

	it('reads markers from the new input only', async () => {
		const first = await createInteraction(sim, { model: MODEL, input: 'a cat [sim:refusal]' });
		const next = await createInteraction(sim, {
			model: MODEL,
			input: 'a dog',
			previous_interaction_id: first.body.id,
		});
		expect(interactionImage(next.body)).toBeDefined();
	});
});

describe('a history sent back as steps (store:false)', () => {
	it('validates the thought signature, as generateContent does', async () => {
		const first = await createInteraction(sim, { model: MODEL, input: 'a kite', store: false });
		const [thought, output] = first.body.steps;
		const history = (signature: string) => ({
			model: MODEL,
			store: false,
			input: [
				{ type: 'user_input', content: [{ type: 'text', text: 'a kite' }] },
				{ ...thought, signature },
				output,
				{ type: 'user_input', content: [{ type: 'text', text: 'make it red' }] },
			],
		});
		const next = await createInteraction(sim, history(thought.signature));
		expect(next.body.status).toBe('completed');
		expect(next.body.steps.at(-1).content[0].text).toContain('turn 2');
		const forged = await createInteraction(sim, history(Buffer.from('made up').toString('base64')));
		expect([forged.status, forged.body.error.message]).toEqual([
			400,
			'Corrupted thought signature.',
		]);
	});
});
