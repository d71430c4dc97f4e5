/**
 * The Interactions API through @google/genai 3.1: create, continuation by previous_interaction_id,
 * 404s, background runs, delete, cancel and the control paths. Validation and markers:
 * interactions-markers.test.ts.
 */
import { INTERACTION_NOT_FOUND_PATTERN, interactionNotFoundMessage } from './errors';
import { expectedPixelSize } from '../models/pixel-sizes';
import { startSimulator } from '../server/server';
import {
	answerImage,
	client,
	decodeAnswer,
	generate,
	get,
	interactionImage,
	NO_RETRIES,
	post,
	prompt,
} from '../test-helpers';
import type { Simulator } from '../types';

const MODEL = 'gemini-nano-banana-2.1';
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ retiredModels: [], interactionBackgroundMs: 300 });
});
afterAll(() => sim.close());

const ai = () => client(sim).interactions;
const create = (body: Record<string, unknown>): Promise<any> =>
	ai().create({ model: MODEL, ...body } as any, NO_RETRIES);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function notFound(call: Promise<unknown>, id: string): Promise<void> {
	const error = await call.then(
		() => undefined,
		(e: { status?: number; message?: string }) => e,
	);
	// The SDK's message is the status and Google's message: "404 Interaction v1_... not found."
	expect([error?.status, error?.message]).toEqual([404, `404 ${interactionNotFoundMessage(id)}`]);
}

describe('create', () => {
	it('makes the image at the requested size and ratio, as JPEG with a live-size signature', async () => {
		const ix = await create({
			input: [{ type: 'text', text: 'a lighthouse at dusk' }],
			response_format: { type: 'image', aspect_ratio: '16:9', image_size: '2K' },
		});
		expect(ix).toMatchObject({ id: expect.stringMatching(/^v1_\w{30,}$/), status: 'completed' });
		expect(ix.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const image = interactionImage(ix)!;
		expect(image.mimeType).toBe('image/jpeg');
		const { width, height } = decodeAnswer(image);
		expect({ width, height }).toEqual(expectedPixelSize(MODEL, '16:9', '2K'));
		expect(ix.output_image.data).toBe(image.data);

		const live = await generate(sim, MODEL, prompt('a lighthouse at dusk'));
		const liveSignature = live.body.candidates[0].content.parts.find((p: any) => p.inlineData);
		const thought = ix.steps.find((s: any) => s.type === 'thought');
		expect(thought.signature.length).toBe(liveSignature.thoughtSignature.length);
		expect(ix.usage).toMatchObject({
			total_output_tokens: expect.any(Number),
			output_tokens_by_modality: expect.arrayContaining([{ modality: 'image', tokens: 1680 }]),
		});
	});

	it('answers PNG where generateContent does (Nano Banana), from response_format', async () => {
		const ix = await ai().create(
			{
				model: 'gemini-2.5-flash-image',
				input: 'a red kite',
				response_format: { type: 'image', aspect_ratio: '3:2' },
			} as any,
			NO_RETRIES,
		);
		const image = interactionImage(ix)!;
		expect(image.mimeType).toBe('image/png');
		const { width, height } = decodeAnswer(image);
		expect({ width, height }).toEqual(expectedPixelSize('gemini-2.5-flash-image', '3:2', '1K'));
		expect(ix.steps.some((s: any) => s.type === 'thought')).toBe(false);
	});

	it.each([
		[
			'generation_config.image_config',
			{ generation_config: { image_config: { aspect_ratio: '3:2' } } },
		],
		['response_modalities', { response_modalities: ['IMAGE'] }],
		['response_mime_type', { response_mime_type: 'image/png' }],
	])('refuses the deprecated %s, naming response_format', async (path, fields) => {
		const call = await fetch(`${sim.url}/v1beta/interactions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-goog-api-key': 'simulator-key' },
			body: JSON.stringify({ model: 'gemini-3-pro-image', input: 'a red kite', ...fields }),
		});
		expect(call.status).toBe(400);
		const { error } = (await call.json()) as { error: { message: string; code: string } };
		expect(error.code).toBe('invalid_request');
		expect(error.message).toBe(
			`${path} is deprecated: use response_format, e.g. {"type": "image", "aspect_ratio": "16:9", "image_size": "2K"}.`,
		);
	});

	it('takes response_format in a list; mime_type image/jpeg makes even Nano Banana answer JPEG', async () => {
		const ix = await ai().create(
			{
				model: 'gemini-2.5-flash-image',
				input: 'a red kite',
				response_format: [{ type: 'image', aspect_ratio: '3:2', mime_type: 'image/jpeg' }],
			} as any,
			NO_RETRIES,
		);
		const image = interactionImage(ix)!;
		expect(image.mimeType).toBe('image/jpeg');
		const { width, height } = decodeAnswer(image);
		expect({ width, height }).toEqual(expectedPixelSize('gemini-2.5-flash-image', '3:2', '1K'));
	});

	it('gives google_search_result.result as a list holding the search_suggestions widget', async () => {
		const ix = await create({ input: 'a stadium', tools: [{ type: 'google_search' }] });
		const result = ix.steps.find((s: any) => s.type === 'google_search_result');
		expect(result).toMatchObject({ call_id: 'call_1' });
		expect(result.result).toEqual([
			{ search_suggestions: expect.stringMatching(/^<style>.*<\/div>$/) },
		]);
	});

	it('shows thought summaries only with thinking_summaries "auto"', async () => {
		const ix = await create({ input: 'a fox', generation_config: { thinking_summaries: 'auto' } });
		expect(ix.steps[0]).toMatchObject({
			type: 'thought',
			signature: expect.any(String),
			summary: [{ type: 'text', text: expect.stringContaining('Planning') }],
		});
	});
});

describe('continuation by previous_interaction_id', () => {
	it('counts the stored history over a chain of 3, sending only the new input', async () => {
		const first = await create({ input: 'a castle on a hill' });
		const second = await create({ input: 'add a moat', previous_interaction_id: first.id });
		sim.requests.length = 0;
		const third = await create({
			input: [{ type: 'text', text: 'now at night' }],
			previous_interaction_id: second.id,
			response_format: { type: 'image', aspect_ratio: '21:9' },
		});
		expect(third.previous_interaction_id).toBe(second.id);
		expect(third.output_text).toContain('turn 3');
		const { width, height } = decodeAnswer(interactionImage(third)!);
		expect({ width, height }).toEqual(expectedPixelSize(MODEL, '21:9', '1K'));
		expect(second.usage.total_cached_tokens).toBeGreaterThan(1000);
		expect(third.usage.total_cached_tokens).toBeGreaterThan(second.usage.total_cached_tokens);
		expect(sim.requests[0].bodyBytes).toBeLessThan(500);
	});

	it('accepts another model than the stored one', async () => {
		const first = await ai().create(
			{ model: 'gemini-2.5-flash-image', input: 'a boat' } as any,
			NO_RETRIES,
		);
		const next = await create({ input: 'sharper', previous_interaction_id: first.id });
		expect(next).toMatchObject({ status: 'completed', model: MODEL });
	});

	it('answers 404 naming the id for unknown, deleted and store:false ids', async () => {
		await notFound(create({ input: 'x', previous_interaction_id: 'v1_unknown' }), 'v1_unknown');
		const gone = await create({ input: 'a tree' });
		await ai().delete(gone.id, {}, NO_RETRIES);
		await notFound(create({ input: 'x', previous_interaction_id: gone.id }), gone.id);
		const unstored = await create({ input: 'a bird', store: false });
		expect(interactionImage(unstored)).toBeDefined();
		await notFound(create({ input: 'x', previous_interaction_id: unstored.id }), unstored.id);
		await notFound(ai().get(unstored.id, {}, NO_RETRIES), unstored.id);
		const raw = await get(sim, `/v1beta/interactions/${unstored.id}`);
		expect([raw.status, raw.body]).toEqual([
			404,
			{ error: { message: interactionNotFoundMessage(unstored.id), code: 'not_found' } },
		]);
		expect(interactionNotFoundMessage(unstored.id)).toMatch(INTERACTION_NOT_FOUND_PATTERN);
	});

	it('forgets interactions past the retention period', async () => {
		const short = await startSimulator({ interactionRetentionMs: 100 });
		try {
			const first = await client(short).interactions.create(
				{ model: MODEL, input: 'a cloud' } as any,
				NO_RETRIES,
			);
			await sleep(150);
			await notFound(client(short).interactions.get(first.id, {}, NO_RETRIES), first.id);
		} finally {
			await short.close();
		}
	});
});

describe('get, delete, cancel and background', () => {
	it('gets the stored interaction, with the user_input step when asked', async () => {
		const ix = await create({ input: 'a lamp' });
		const got: any = await ai().get(ix.id, {}, NO_RETRIES);
		expect(got.steps.map((s: any) => s.type)).toEqual(['thought', 'model_output']);
		const withInput = await get(sim, `/v1beta/interactions/${ix.id}?include_input=true`);
		expect(withInput.body.steps[0]).toEqual({
			type: 'user_input',
			content: [{ type: 'text', text: 'a lamp' }],
		});
	});

	it('deletes with an empty 200 the SDK accepts, then answers 404', async () => {
		const ix = await create({ input: 'a cup' });
		const response = await fetch(`${sim.url}/v1beta/interactions/${ix.id}`, {
			method: 'DELETE',
			headers: { 'x-goog-api-key': sim.apiKey },
		});
		expect([response.status, await response.text()]).toEqual([200, '']);
		await notFound(ai().get(ix.id, {}, NO_RETRIES), ix.id);
		await notFound(ai().delete(ix.id, {}, NO_RETRIES), ix.id);
		const other = await create({ input: 'a saucer' });
		await expect(ai().delete(other.id, {}, NO_RETRIES)).resolves.toBeUndefined();
		await notFound(ai().get(other.id, {}, NO_RETRIES), other.id);
	});

	it('runs a background create: in_progress at once, completed later with the image', async () => {
		const ix = await create({
			input: 'a harbour',
			background: true,
			response_format: { type: 'image', aspect_ratio: '4:3', image_size: '2K' },
		});
		expect(ix.status).toBe('in_progress');
		expect(ix.steps ?? []).toEqual([]);
		expect(((await ai().get(ix.id, {}, NO_RETRIES)) as any).status).toBe('in_progress');
		let done: any;
		for (let i = 0; i < 40 && done?.status !== 'completed'; i++) {
			await sleep(100);
			done = await ai().get(ix.id, {}, NO_RETRIES);
		}
		expect(done.status).toBe('completed');
		const { width, height } = decodeAnswer(interactionImage(done)!);
		expect({ width, height }).toEqual(expectedPixelSize(MODEL, '4:3', '2K'));
	});

	it('ends a background run that meets an error marker "failed", with errors[]', async () => {
		const ix = await create({ input: 'x [sim:503]', background: true });
		expect(ix.status).toBe('in_progress');
		await sleep(500);
		const failed: any = await ai().get(ix.id, {}, NO_RETRIES);
		expect(failed).toMatchObject({
			status: 'failed',
			errors: [
				{ code: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
			],
		});
	});

	it('cancels a background run, and only a running one', async () => {
		const ix = await create({ input: 'a bridge', background: true });
		const cancelled: any = await ai().cancel(ix.id, {}, NO_RETRIES);
		expect(cancelled.status).toBe('cancelled');
		await sleep(400);
		expect(((await ai().get(ix.id, {}, NO_RETRIES)) as any).status).toBe('cancelled');
		const again = await post(sim, `/v1beta/interactions/${ix.id}:cancel`, undefined);
		expect([again.status, again.body.error]).toEqual([
			400,
			{
				message: `Interaction ${ix.id} is not in progress and cannot be cancelled.`,
				code: 'failed_precondition',
			},
		]);
	});

	it('serves /v1 as well', async () => {
		const answer = await post(sim, '/v1/interactions', { model: MODEL, input: 'a star' });
		expect(answer.body.status).toBe('completed');
	});
});

describe('control paths', () => {
	it('lists, expires and forgets interactions; reset() keeps them', async () => {
		const kept = await create({ input: 'one' });
		const unstored = await create({ input: 'two', store: false });
		sim.reset();
		const list = await get(sim, '/__simulator/interactions');
		expect(list.body).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: kept.id, model: MODEL, status: 'completed', store: true }),
				expect.objectContaining({ id: unstored.id, store: false }),
			]),
		);
		const expired = await post(sim, '/__simulator/interactions/expire', { id: kept.id });
		expect(expired.body).toEqual({ expired: [kept.id] });
		await notFound(ai().get(kept.id, {}, NO_RETRIES), kept.id);

		const other = await create({ input: 'three' });
		await post(sim, '/__simulator/interactions/expire', {});
		await notFound(ai().get(other.id, {}, NO_RETRIES), other.id);

		await create({ input: 'four' });
		const forget = await fetch(`${sim.url}/__simulator/interactions`, { method: 'DELETE' });
		expect(await forget.json()).toEqual({ forgotten: 1 });
		expect((await get(sim, '/__simulator/interactions')).body).toEqual([]);
	});
});

it('keeps generateContent answers unchanged', async () => {
	const answer = await generate(sim, MODEL, prompt('a lighthouse'));
	expect(answerImage(answer.body)?.mimeType).toBe('image/jpeg');
	expect(answer.body.candidates[0].content.parts[0].text).toBe(
		'Simulated image (no Google request was made). Here is the image you asked for: a lighthouse.',
	);
});
