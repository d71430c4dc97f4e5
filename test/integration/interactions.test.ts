import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { InputItem, RunResult } from '../harness';
import type { Simulator } from '../simulator';
import { createTestPng, expectedPixelSize } from '../simulator';
import type { ErrorJson } from './setup';
import { carryOn, imageOf, model, noisePng, runGeminiImage, useSimulator } from './setup';

/**
 * New nodes (1.2) use the Interactions API: Google keeps the conversation, a Refine sends its
 * ID and the new instruction only. Every operation, on that path, against the simulator.
 */
const simulator = useSimulator({ signatureBytes: 2000 });
const NEW_NODE = { typeVersion: 1.2 };
const PRO = 'gemini-3-pro-image';
const FLASH = 'gemini-nano-banana-2.1';

interface StoredReference {
	version: number;
	api: string;
	interactionId: string;
	model: string;
	interactionIds: string[];
}

const interactionRequests = (sim: Simulator, method = 'POST') =>
	sim.requests.filter((r) => r.method === method && /\/v1beta\/interactions(\/|$)/.test(r.path));
const created = (sim: Simulator) =>
	interactionRequests(sim).filter((r) => r.path === '/v1beta/interactions');
const bodyOf = (sim: Simulator, index = 0) => created(sim)[index].body as IDataObject;

async function run(
	parameters: Record<string, unknown>,
	options: { input?: InputItem[]; continueOnFail?: boolean; typeVersion?: number } = {},
): Promise<RunResult> {
	return runGeminiImage(simulator(), parameters, { ...NEW_NODE, ...options });
}

const generate = (prompt: string, options: IDataObject = {}, modelId = PRO) => ({
	operation: 'generate',
	model: model(modelId),
	prompt,
	options,
});

const referenceOf = (item: INodeExecutionData) =>
	item.json.conversation as unknown as StoredReference;

/** The item as a later execution may get it: JSON only (an ID saved in a sheet, say). */
const jsonOnly = (item: INodeExecutionData): InputItem => ({ json: structuredClone(item.json) });

describe('Interactions API (new nodes)', () => {
	it('generates through POST /interactions: settings as response_format, the image at its size, the conversation as an ID', async () => {
		const result = await run(
			generate('A lighthouse at dusk', { aspectRatio: '16:9', imageSize: '2K' }),
		);
		const [item] = result.items;
		const sim = simulator();
		expect(sim.requests.some((r) => r.path.endsWith(':generateContent'))).toBe(false);
		expect(bodyOf(sim)).toMatchObject({
			model: PRO,
			input: [{ type: 'text', text: 'A lighthouse at dusk' }],
			store: true,
			response_format: { type: 'image', aspect_ratio: '16:9', image_size: '2K' },
		});
		expect(bodyOf(sim).previous_interaction_id).toBeUndefined();
		const { width, height } = await imageOf(result, item);
		expect({ width, height }).toEqual(expectedPixelSize(PRO, '16:9', '2K'));
		expect(item.json).toMatchObject({ model: PRO, finishReason: 'STOP', imageNumber: 1 });
		const id = item.json.interactionId as string;
		expect(id).toMatch(/^v1_/);
		expect(referenceOf(item)).toEqual({
			version: 3,
			api: 'interactions',
			interactionId: id,
			model: PRO,
			interactionIds: [id],
		});
		// Nothing of the conversation travels as binary data: Google has it.
		expect(Object.keys(item.binary ?? {})).toEqual(['data']);
	});

	it('continues a conversation over three executions with its ID alone: each step sends only its instruction', async () => {
		const first = await run(generate('A red bicycle', { imageSize: '2K' }));
		const id1 = first.items[0].json.interactionId as string;

		simulator().reset();
		const second = await run(
			{ operation: 'refine', prompt: 'Make it blue' },
			{ input: [jsonOnly(first.items[0])] },
		);
		const id2 = second.items[0].json.interactionId as string;
		const step2 = created(simulator())[0];
		expect(step2.body).toMatchObject({
			model: PRO,
			previous_interaction_id: id1,
			input: [{ type: 'text', text: 'Make it blue' }],
		});
		expect(step2.bodyBytes).toBeLessThan(1000);
		expect(referenceOf(second.items[0]).interactionIds).toEqual([id1, id2]);

		// A third execution with only the ID typed (e.g. read from a Data Table): the model is
		// asked of Google once.
		simulator().reset();
		const third = await run(
			{ operation: 'refine', prompt: 'Add a basket', interactionId: id2 },
			{ input: [{ json: {} }] },
		);
		const sim = simulator();
		expect(interactionRequests(sim, 'GET').map((r) => r.path)).toEqual([
			`/v1beta/interactions/${id2}`,
		]);
		expect(bodyOf(sim)).toMatchObject({ model: PRO, previous_interaction_id: id2 });
		expect(bodyOf(sim).input).toEqual([{ type: 'text', text: 'Add a basket' }]);
		const { width } = await imageOf(third, third.items[0]);
		expect(width).toBeGreaterThan(0);
		expect(third.items[0].json.text).toEqual(expect.any(String));
	});

	it('says a stored conversation is gone (expired or deleted) and what to do, naming the item', async () => {
		const first = await run(generate('A fox'));
		const id = first.items[0].json.interactionId as string;
		await fetch(`${simulator().url}/__simulator/interactions/expire`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id }),
		});
		const result = await run(
			{ operation: 'refine', prompt: 'Make it winter' },
			{ input: [jsonOnly(first.items[0])], continueOnFail: true },
		);
		const error = result.items[0].json.error as unknown as ErrorJson;
		expect(error.message).toContain(`item 0`);
		expect(error.message).toContain(`the stored conversation ${id} no longer exists at Google`);
		expect(error.description).toContain('Start a new conversation');
		expect(error.httpStatus).toBe(404);
		// Generate, then the one Refine Google refused: a gone conversation is not retried.
		expect(created(simulator())).toHaveLength(2);
	});

	it('deletes every interaction of a conversation; deleting again reports them already gone', async () => {
		const first = await run(generate('A kite'));
		const second = await run(
			{ operation: 'refine', prompt: 'Make it yellow' },
			{ input: [jsonOnly(first.items[0])] },
		);
		const ids = referenceOf(second.items[0]).interactionIds;
		expect(ids).toHaveLength(2);

		const removed = await run(
			{ operation: 'deleteConversation' },
			{ input: [jsonOnly(second.items[0])] },
		);
		expect(removed.items[0].json).toEqual({
			interactionId: ids[1],
			deleted: [ids[1], ids[0]],
			alreadyGone: [],
		});
		const again = await run(
			{ operation: 'deleteConversation', interactionId: ids[1] },
			{ input: [{ json: {} }] },
		);
		expect(again.items[0].json).toMatchObject({ deleted: [], alreadyGone: [ids[1]] });
		const refine = await run(
			{ operation: 'refine', prompt: 'Once more' },
			{ input: [jsonOnly(second.items[0])], continueOnFail: true },
		);
		expect((refine.items[0].json.error as unknown as ErrorJson).message).toContain(
			'no longer exists',
		);
	});

	it('deletes a conversation known by its last ID alone, walking back the chain Google names', async () => {
		const first = await run(generate('A boat'));
		const second = await run(
			{ operation: 'refine', prompt: 'At night' },
			{ input: [jsonOnly(first.items[0])] },
		);
		const [id1, id2] = referenceOf(second.items[0]).interactionIds;
		const removed = await run(
			{ operation: 'deleteConversation', interactionId: id2 },
			{ input: [{ json: {} }] },
		);
		expect(removed.items[0].json).toMatchObject({ deleted: [id2, id1], alreadyGone: [] });
	});

	it('deletes the earlier interactions too when the item knows only part of the chain', async () => {
		const first = await run(generate('A mill'));
		const id1 = first.items[0].json.interactionId as string;
		const second = await run(
			{ operation: 'refine', prompt: 'In snow', interactionId: id1 },
			{ input: [{ json: {} }] },
		);
		const id2 = second.items[0].json.interactionId as string;
		const third = await run(
			{ operation: 'refine', prompt: 'At night', interactionId: id2 },
			{ input: [{ json: {} }] },
		);
		const id3 = third.items[0].json.interactionId as string;
		expect(referenceOf(third.items[0]).interactionIds).toEqual([id2, id3]);
		const removed = await run(
			{ operation: 'deleteConversation' },
			{ input: [jsonOnly(third.items[0])] },
		);
		expect(removed.items[0].json).toMatchObject({ deleted: [id3, id2, id1], alreadyGone: [] });
	});

	it('refuses to delete what is not stored at Google, saying why', async () => {
		const result = await run(
			{ operation: 'deleteConversation' },
			{
				input: [
					{
						json: {
							conversation: { version: 2, model: PRO, binaryProperty: 'conversation', turns: 2 },
						},
					},
				],
				continueOnFail: true,
			},
		);
		const error = result.items[0].json.error as unknown as ErrorJson;
		expect(error.message).toBe('Item 0 names no conversation stored at Google');
		expect(error.description).toContain('generateContent API is not stored at Google');
	});

	it('edits an input image: small ones inline, large ones uploaded and named by URI', async () => {
		const small = await createTestPng(64, 64);
		const large = noisePng(2200, 2200);
		const result = await run(
			{ operation: 'edit', model: model(FLASH), prompt: 'Add a hat', binaryPropertyName: 'data' },
			{
				input: [
					{ json: {}, binary: { data: { data: small, mimeType: 'image/png', fileName: 'a.png' } } },
					{ json: {}, binary: { data: { data: large, mimeType: 'image/png', fileName: 'b.png' } } },
				],
			},
		);
		expect(result.items).toHaveLength(2);
		const [inlineBody, uploadBody] = [0, 1].map(
			(i) => bodyOf(simulator(), i).input as IDataObject[],
		);
		const images = [...inlineBody, ...uploadBody].filter((c) => c.type === 'image');
		expect(images.some((c) => typeof c.data === 'string' && c.mime_type === 'image/png')).toBe(
			true,
		);
		expect(images.some((c) => typeof c.uri === 'string' && String(c.uri).includes('/files/'))).toBe(
			true,
		);
	});

	it('grounds in Google Search: the tool as the Interactions API names it, the sources in the JSON', async () => {
		const result = await run({
			operation: 'generateWithSearch',
			model: model(FLASH),
			prompt: 'Yesterday\u2019s weather in Lisbon as an infographic',
		});
		expect(bodyOf(simulator()).tools).toEqual([{ type: 'google_search' }]);
		const json = result.items[0].json;
		expect(json.sources).toEqual(
			expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:/) })]),
		);
		expect(json.searchQueries).toEqual(expect.arrayContaining([expect.any(String)]));
	});

	it('refuses Safety Settings on the Interactions API before anything is sent', async () => {
		const result = await run(
			generate('A castle', {
				safetySettings: {
					setting: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
				},
			}),
			{ continueOnFail: true },
		);
		const error = result.items[0].json.error as unknown as ErrorJson;
		expect(error.message).toBe('Safety Settings cannot be sent with the Interactions API (item 0)');
		expect(error.description).toContain('"API" to generateContent');
		expect(simulator().requests).toHaveLength(0);
	});

	it("reads a refusal from the model's words: no image, the reason and Google's message", async () => {
		const result = await run(generate('A portrait [sim:refusal]'), { continueOnFail: true });
		const error = result.items[0].json.error as unknown as ErrorJson;
		expect(error.reason).toBe('IMAGE_SAFETY');
		expect(error.message).toContain('item 0');
		expect(error.retryable).toBe(false);
		expect(created(simulator())).toHaveLength(1);
	});

	it.each([
		[
			'[sim:block=image_safety]',
			'No image for item 0: the prompt was blocked as unsafe for image generation (IMAGE_SAFETY)',
			'IMAGE_SAFETY',
			false,
			'Google blocked the prompt before generating',
		],
		// An error code the node does not know stays Google's own.
		[
			'[sim:block=some_new_reason]',
			'No image for item 0: the model made no image (some_new_reason)',
			'some_new_reason',
			true,
			'Run again',
		],
	])(
		"reads the Interactions API's %s in the table's words, an unknown one as sent",
		async (marker, message, reason, retryable, description) => {
			const result = await run(generate(`A portrait ${marker}`), { continueOnFail: true });
			const error = result.items[0].json.error as unknown as ErrorJson;
			expect(error).toMatchObject({ message, reason, retryable });
			expect(error.description).toContain(description);
		},
	);

	it('retries a 429 after the delay Google asks, as on generateContent', async () => {
		const result = await run(generate('A tram [sim:fail-first=1:429=200ms]'));
		expect(result.items[0].json.interactionId).toEqual(expect.any(String));
		expect(created(simulator())).toHaveLength(2);
	});

	it('runs in the background when asked: the create answers at once, the node polls until the image is there', async () => {
		const result = await run(generate('A glacier', { background: true, imageSize: '1K' }));
		const sim = simulator();
		expect(bodyOf(sim).background).toBe(true);
		expect(interactionRequests(sim, 'GET').length).toBeGreaterThan(0);
		const { width } = await imageOf(result, result.items[0]);
		expect(width).toBeGreaterThan(0);
	});

	it('makes one interaction per image, each its own conversation', async () => {
		const result = await run(generate('A cactus', { numberOfImages: 2 }));
		const ids = result.items.map((item) => item.json.interactionId);
		expect(new Set(ids).size).toBe(2);
		expect(created(simulator())).toHaveLength(2);
	});

	it('keeps generateContent where chosen, and for nodes saved before 1.2', async () => {
		await run({ ...generate('A harbour'), api: 'generateContent' });
		await run(generate('A harbour'), { typeVersion: 1.1 });
		const sim = simulator();
		expect(sim.requests.filter((r) => r.path.endsWith(':generateContent'))).toHaveLength(2);
		expect(created(sim)).toHaveLength(0);
	});

	it('continues a conversation carried in items (generateContent) where it was made, whatever the node version', async () => {
		const first = await run({ ...generate('A teapot'), api: 'generateContent' });
		simulator().reset();
		const carried = await carryOn(first, first.items[0]);
		const result = await run(
			{ operation: 'refine', prompt: 'Make it green' },
			{ input: [carried] },
		);
		expect(simulator().requests.filter((r) => r.path.endsWith(':generateContent'))).toHaveLength(1);
		expect(result.items[0].json.conversation).toMatchObject({ version: 2 });
	});
});
