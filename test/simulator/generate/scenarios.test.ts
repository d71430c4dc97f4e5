import { ApiError } from '@google/genai';
import { startSimulator } from '../server/server';
import { answerImage, client, generate, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const MODEL = 'gemini-3.1-flash-image';

describe('finish scenarios (HTTP 200, no image)', () => {
	it.each([
		['[sim:refusal]', 'IMAGE_SAFETY', /violated Google's Generative AI Prohibited Use policy/],
		['[sim:prohibited]', 'IMAGE_PROHIBITED_CONTENT', /prohibited content/],
		['[sim:image-other]', 'IMAGE_OTHER', /could not generate the image/],
	])('%s → %s with a finishMessage and no content', async (marker, finishReason, message) => {
		const answer = await generate(sim, MODEL, prompt(`a portrait ${marker}`));
		expect(answer.status).toBe(200);
		const candidate = answer.body.candidates[0];
		expect(candidate).toEqual({
			finishReason,
			finishMessage: expect.stringMatching(message),
			index: 0,
		});
		expect(answer.body.usageMetadata.promptTokenCount).toBeGreaterThan(0);
	});

	it('[sim:no-image] → NO_IMAGE with a content that has no parts, as live', async () => {
		const answer = await generate(sim, MODEL, prompt('draw [sim:no-image]'));
		expect(answer.body.candidates).toEqual([{ content: {}, finishReason: 'NO_IMAGE', index: 0 }]);
	});

	it('[sim:text-only] → STOP with an explanation and no image', async () => {
		const answer = await generate(
			sim,
			'gemini-2.5-flash-image',
			prompt('a photo of a celebrity [sim:text-only]'),
		);
		const candidate = answer.body.candidates[0];
		expect(candidate.finishReason).toBe('STOP');
		expect(candidate.content.parts).toEqual([
			{ text: expect.stringContaining("I can't create images of real people") },
		]);
		expect(answerImage(answer.body)).toBeUndefined();
	});

	it('[sim:blocked] and [sim:blocked-safety] → no candidates, promptFeedback', async () => {
		const blocked = await generate(sim, MODEL, prompt('x [sim:blocked]'));
		expect(blocked.status).toBe(200);
		expect(blocked.body.candidates).toBeUndefined();
		expect(blocked.body.promptFeedback).toEqual({
			blockReason: 'PROHIBITED_CONTENT',
		});

		const safety = await generate(sim, MODEL, prompt('x [sim:blocked-safety]'));
		expect(safety.body.promptFeedback.blockReason).toBe('SAFETY');
		expect(safety.body.promptFeedback.safetyRatings).toContainEqual({
			category: 'HARM_CATEGORY_DANGEROUS_CONTENT',
			probability: 'HIGH',
			blocked: true,
		});
	});

	it('reads markers from the last user turn only, in any text part', async () => {
		const answer = await generate(sim, 'gemini-2.5-flash-image', {
			contents: [
				{ role: 'user', parts: [{ text: 'first [sim:refusal]' }] },
				{ role: 'model', parts: [{ text: 'ok' }] },
				{
					role: 'user',
					parts: [{ text: 'second' }, { text: '[sim:blocked]' }],
				},
			],
		});
		expect(answer.body.promptFeedback.blockReason).toBe('PROHIBITED_CONTENT');
	});
});

describe('error scenarios', () => {
	it('[sim:429] → RESOURCE_EXHAUSTED with QuotaFailure, Help and RetryInfo', async () => {
		const answer = await generate(sim, MODEL, prompt('x [sim:429]'));
		expect(answer.status).toBe(429);
		const error = answer.body.error;
		expect(error.status).toBe('RESOURCE_EXHAUSTED');
		expect(error.message).toMatch(
			/^You exceeded your current quota, please check your plan and billing details\./,
		);
		expect(error.message).toMatch(/Please retry in 15\.2s\.$/);
		expect(error.details).toEqual([
			{
				'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
				violations: [
					expect.objectContaining({
						quotaMetric:
							'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count',
						quotaId: expect.any(String),
						quotaDimensions: { location: 'global', model: MODEL },
						quotaValue: '1000000',
					}),
				],
			},
			expect.objectContaining({
				'@type': 'type.googleapis.com/google.rpc.Help',
			}),
			{
				'@type': 'type.googleapis.com/google.rpc.RetryInfo',
				retryDelay: '15s',
			},
		]);
	});

	it('[sim:429=3s] sets the retry delay', async () => {
		const answer = await generate(sim, MODEL, prompt('x [sim:429=3s]'));
		expect(answer.body.error.details.at(-1).retryDelay).toBe('3s');
		const short = await generate(sim, MODEL, prompt('x [sim:429=500ms]'));
		expect(short.body.error.details.at(-1).retryDelay).toBe('0.5s');
	});

	it('[sim:quota-zero] → 429 that says "limit: 0"', async () => {
		const answer = await generate(sim, MODEL, prompt('x [sim:quota-zero]'));
		expect(answer.status).toBe(429);
		expect(answer.body.error.message).toContain(
			`Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: ${MODEL}`,
		);
	});

	it.each([
		['[sim:500]', 500, 'INTERNAL', /^An internal error has occurred/],
		['[sim:503]', 503, 'UNAVAILABLE', /^The model is overloaded\. Please try again later\.$/],
		['[sim:504]', 504, 'DEADLINE_EXCEEDED', /Deadline/],
		['[sim:401]', 401, 'UNAUTHENTICATED', /^Request had invalid authentication credentials\./],
		['[sim:408]', 408, 'DEADLINE_EXCEEDED', /^Request timed out\.$/],
		['[sim:502]', 502, 'UNAVAILABLE', /^The server encountered a temporary error/],
	])('%s → %i %s', async (marker, code, status, message) => {
		const answer = await generate(sim, MODEL, prompt(`x ${marker}`));
		expect(answer.status).toBe(code);
		expect(answer.body.error).toEqual({
			code,
			status,
			message: expect.stringMatching(message),
		});
	});

	it('surfaces as ApiError in the SDK, with the JSON body as message', async () => {
		const call = client(sim).models.generateContent({
			model: MODEL,
			contents: 'x [sim:503]',
		});
		await expect(call).rejects.toBeInstanceOf(ApiError);
		await expect(
			client(sim).models.generateContent({
				model: MODEL,
				contents: 'x [sim:503]',
			}),
		).rejects.toMatchObject({
			status: 503,
			message: expect.stringContaining('"status":"UNAVAILABLE"'),
		});
	});

	it('[sim:fail-first=2:503] fails twice per prompt, then succeeds; reset() clears the count', async () => {
		const body = prompt('retry me [sim:fail-first=2:503]');
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await generate(sim, MODEL, body)).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
		expect((await generate(sim, MODEL, prompt('other prompt [sim:fail-first=2:503]'))).status).toBe(
			503,
		);
		sim.reset();
		expect((await generate(sim, MODEL, body)).status).toBe(503);
		expect((await generate(sim, MODEL, prompt('quota [sim:fail-first=1:429]'))).status).toBe(429);
	});

	it.each([408, 502])(
		'[sim:fail-first=1:%i] fails once with that status, then succeeds',
		async (code) => {
			const body = prompt(`gateway [sim:fail-first=1:${code}]`);
			const first = await generate(sim, MODEL, body);
			expect(first.status).toBe(code);
			expect(first.body.error.code).toBe(code);
			expect((await generate(sim, MODEL, body)).status).toBe(200);
		},
	);

	it('[sim:400] → INVALID_ARGUMENT, as Google answers a request it cannot take', async () => {
		const answer = await generate(sim, MODEL, prompt('x [sim:400]'));
		expect(answer.status).toBe(400);
		expect(answer.body.error).toEqual({
			code: 400,
			status: 'INVALID_ARGUMENT',
			message: 'Request contains an invalid argument.',
		});
	});

	it('[sim:fail-first=2:429=250ms] carries its own RetryInfo delay; 429 alone keeps 15s', async () => {
		const body = prompt('quota [sim:fail-first=2:429=250ms]');
		const first = await generate(sim, MODEL, body);
		expect(first.status).toBe(429);
		expect(first.body.error.details.at(-1)).toEqual({
			'@type': 'type.googleapis.com/google.rpc.RetryInfo',
			retryDelay: '0.25s',
		});
		expect((await generate(sim, MODEL, body)).status).toBe(429);
		expect((await generate(sim, MODEL, body)).status).toBe(200);
		const plain = await generate(sim, MODEL, prompt('quota [sim:fail-first=1:429]'));
		expect(plain.body.error.details.at(-1).retryDelay).toBe('15s');
	});

	it.each([
		'[sim:fail-first=1:slow=x]',
		'[sim:fail-first=1:drop=2]',
		'[sim:fail-first=1:503=2s]',
		'[sim:fail-first=1:explode]',
		'[sim:fail-first=1:400]',
		'[sim:fail-first=1:401]',
		'[sim:fail-first=1:408=2s]',
		'[sim:fail-first=two]',
	])('rejects the malformed fail-first marker %s', async (marker) => {
		const answer = await generate(sim, MODEL, prompt(`x ${marker}`));
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain(`Unknown simulator marker ${marker}`);
	});

	it('rejects unknown markers so typos do not pass silently', async () => {
		const answer = await generate(sim, MODEL, prompt('x [sim:refusl]'));
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain('Unknown simulator marker [sim:refusl]');
	});
});
