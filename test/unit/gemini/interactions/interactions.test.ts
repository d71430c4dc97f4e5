import type { ApiFailure } from '../../../../nodes/GeminiImage/gemini/failures/errors';
import { classifyApiError } from '../../../../nodes/GeminiImage/gemini/failures/errors';
import { readInteractionContent } from '../../../../nodes/GeminiImage/gemini/interactions/answer';
import { explainGoneInteraction } from '../../../../nodes/GeminiImage/gemini/interactions/gone';
import { buildInteractionRequest } from '../../../../nodes/GeminiImage/gemini/interactions/adapter';
import {
	InteractionRunningError,
	waitUntilDone,
} from '../../../../nodes/GeminiImage/gemini/connection/interactionState';
import type { GenerationSettings } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';
import {
	MAX_CHAIN_IDS,
	findStoredInteraction,
	interactionReference,
} from '../../../../nodes/GeminiImage/gemini/conversation/storedConversation';

const settings = (extra: Partial<GenerationSettings> = {}): GenerationSettings => ({
	model: 'models/gemini-3-pro-image',
	responseModalities: ['TEXT', 'IMAGE'],
	safetySettings: [],
	includeThoughts: false,
	googleSearch: false,
	...extra,
});

describe('the Interactions request', () => {
	it('sends the last user turn as content, settings in response_format and generation_config', () => {
		const request = buildInteractionRequest(
			settings({
				aspectRatio: '21:9',
				imageSize: '4K',
				temperature: 0.4,
				topP: 0.9,
				seed: 7,
				thinkingLevel: 'HIGH',
				includeThoughts: true,
				systemInstruction: 'House style',
			}),
			[
				{ role: 'user', parts: [{ text: 'old' }] },
				{ role: 'model', parts: [{ text: 'answer' }] },
				{
					role: 'user',
					parts: [
						{ text: 'Put the hat on' },
						{ inlineData: { data: 'AAAA', mimeType: 'image/png' } },
						{ fileData: { fileUri: 'https://x/v1beta/files/abc', mimeType: 'image/jpeg' } },
					],
				},
			],
			{ previousInteractionId: 'v1_prev', background: true },
		);
		expect(request).toEqual({
			model: 'gemini-3-pro-image',
			input: [
				{ type: 'text', text: 'Put the hat on' },
				{ type: 'image', data: 'AAAA', mime_type: 'image/png' },
				{ type: 'image', uri: 'https://x/v1beta/files/abc', mime_type: 'image/jpeg' },
			],
			previous_interaction_id: 'v1_prev',
			store: true,
			background: true,
			system_instruction: 'House style',
			response_format: { type: 'image', aspect_ratio: '21:9', image_size: '4K' },
			generation_config: {
				temperature: 0.4,
				top_p: 0.9,
				seed: 7,
				thinking_level: 'high',
				thinking_summaries: 'auto',
			},
		});
	});

	it('names image search as the Interactions API does, and leaves web-only search at its default', () => {
		const web = buildInteractionRequest(settings({ googleSearch: true }), [
			{ role: 'user', parts: [{ text: 'x' }] },
		]);
		expect(web.tools).toEqual([{ type: 'google_search' }]);
		const both = buildInteractionRequest(
			settings({ googleSearch: true, searchTypes: ['web', 'image'] }),
			[{ role: 'user', parts: [{ text: 'x' }] }],
		);
		expect(both.tools).toEqual([
			{ type: 'google_search', search_types: ['web_search', 'image_search'] },
		]);
	});
});

describe('reading an interaction', () => {
	const live = {
		id: 'v1_abc',
		status: 'completed',
		model: 'gemini-3.1-flash-image',
		usage: {
			total_tokens: 1534,
			total_input_tokens: 10,
			total_output_tokens: 1524,
			total_thought_tokens: 0,
			output_tokens_by_modality: [{ modality: 'image', tokens: 1120 }],
		},
		steps: [
			{ type: 'thought', signature: 'EqGu', summary: [{ type: 'text', text: 'Planning' }] },
			{ type: 'google_search_call', id: 'gs_1', arguments: { queries: ['weather lisbon'] } },
			{
				type: 'google_search_result',
				call_id: 'gs_1',
				result: [{ search_suggestions: '<div>w</div>' }],
			},
			{
				type: 'model_output',
				content: [
					{
						type: 'text',
						text: 'Here it is',
						annotations: [{ type: 'url_citation', url: 'https://ipma.pt', title: 'IPMA' }],
					},
					{ type: 'image', mime_type: 'image/jpeg', data: '/9j/' },
				],
			},
		],
	};

	it('takes image, text, thoughts, usage and grounding as generateContent names them', () => {
		const content = readInteractionContent(live);
		expect(content).toMatchObject({
			image: { mimeType: 'image/jpeg', data: '/9j/' },
			text: 'Here it is',
			thoughts: 'Planning',
			finishReason: 'STOP',
			modelVersion: 'gemini-3.1-flash-image',
			responseId: 'v1_abc',
			usage: {
				promptTokenCount: 10,
				candidatesTokenCount: 1524,
				thoughtsTokenCount: 0,
				totalTokenCount: 1534,
				candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1120 }],
			},
			grounding: {
				groundingChunks: [{ web: { uri: 'https://ipma.pt', title: 'IPMA' } }],
				webSearchQueries: ['weather lisbon'],
				searchEntryPoint: { renderedContent: '<div>w</div>' },
			},
		});
	});

	it("reads a refusal from Google's words (HTTP 200, completed, text only)", () => {
		const content = readInteractionContent({
			id: 'v1_x',
			status: 'completed',
			steps: [
				{
					type: 'model_output',
					content: [
						{
							type: 'text',
							text: "Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy.",
						},
					],
				},
			],
		});
		expect(content.image).toBeUndefined();
		expect(content.finishReason).toBe('IMAGE_SAFETY');
		expect(content.finishMessage).toContain('filtered out');
		const plain = readInteractionContent({
			status: 'completed',
			steps: [{ type: 'model_output', content: [{ type: 'text', text: "I can't draw that." }] }],
		});
		expect(plain.finishReason).toBe('STOP');
	});

	it('gives failed and incomplete interactions a reason, and survives any shape', () => {
		expect(
			readInteractionContent({ status: 'failed', errors: [{ code: 'internal', message: 'boom' }] }),
		).toMatchObject({
			finishReason: 'internal',
			finishMessage: 'boom',
		});
		expect(readInteractionContent({ status: 'incomplete' }).finishReason).toBe('MAX_TOKENS');
		for (const hostile of [
			null,
			'text',
			[],
			{ steps: 'x' },
			{ steps: [{ type: 'model_output', content: [{ type: 'image', data: 5 }] }] },
		]) {
			expect(readInteractionContent(hostile).image).toBeUndefined();
		}
	});
});

describe('a stored conversation', () => {
	it('carries its chain, the newest ids kept', () => {
		const earlier = Array.from({ length: MAX_CHAIN_IDS + 5 }, (_, i) => `v1_${i}`);
		const reference = interactionReference('v1_new', 'm', earlier);
		expect(reference.interactionIds).toHaveLength(MAX_CHAIN_IDS);
		expect(reference.interactionIds.at(-1)).toBe('v1_new');
	});

	it('is found in a reference, its JSON text, or a bare ID; never in a path or turns', () => {
		const reference = interactionReference('v1_b', 'gemini-3-pro-image', ['v1_a']);
		expect(findStoredInteraction(reference)).toEqual({
			interactionId: 'v1_b',
			model: 'gemini-3-pro-image',
			interactionIds: ['v1_a', 'v1_b'],
		});
		expect(findStoredInteraction(JSON.stringify(reference))?.interactionIds).toEqual([
			'v1_a',
			'v1_b',
		]);
		expect(findStoredInteraction(' v1_ChdGT09 ')).toEqual({
			interactionId: 'v1_ChdGT09',
			interactionIds: ['v1_ChdGT09'],
		});
		for (const other of [
			'../models',
			'a/b',
			'',
			{ version: 2, turns: 2 },
			{ api: 'interactions', interactionId: 'x/y' },
		]) {
			expect(findStoredInteraction(other)).toBeUndefined();
		}
	});
});

describe('errors of stored conversations', () => {
	const failure = (httpStatus: number, message: string): ApiFailure => ({
		kind: 'api',
		httpStatus,
		message,
		quotaIsZero: false,
		retryable: false,
		hint: '',
	});

	it('explains a 404 of the interaction, not one of the model', () => {
		expect(explainGoneInteraction(failure(404, 'Result not found.'), 'v1_a').message).toContain(
			'the stored conversation v1_a no longer exists at Google',
		);
		const model = failure(404, "Model 'gemini-9' not found.");
		expect(explainGoneInteraction(model, 'v1_a')).toBe(model);
		const quota = failure(429, 'quota');
		expect(explainGoneInteraction(quota, 'v1_a')).toBe(quota);
	});

	it("reads the Interactions client's errors: Google's JSON in body, the string code as status", () => {
		const error = Object.assign(new Error('404 Interaction not found'), {
			name: 'NotFoundError',
			status: 404,
			body: JSON.stringify({
				error: { message: 'Interaction v1_a not found.', code: 'not_found' },
			}),
		});
		expect(classifyApiError(error)).toMatchObject({
			kind: 'api',
			httpStatus: 404,
			googleStatus: 'NOT_FOUND',
			message: 'Interaction v1_a not found.',
			retryable: false,
		});
	});
});

describe('background interactions', () => {
	it('polls until done, and cancels and refuses one still running at the deadline', async () => {
		const states = ['in_progress', 'completed'];
		const done = await waitUntilDone({ id: 'v1_a', status: 'queued' }, Date.now(), {
			get: async () => ({ id: 'v1_a', status: states.shift() }),
			cancel: async () => undefined,
			deadlineMs: 10_000,
		});
		expect(done).toEqual({ id: 'v1_a', status: 'completed' });

		const cancelled: string[] = [];
		await expect(
			waitUntilDone({ id: 'v1_b', status: 'in_progress' }, Date.now(), {
				get: async () => ({ id: 'v1_b', status: 'in_progress' }),
				cancel: async (id) => cancelled.push(id),
				deadlineMs: 1200,
			}),
		).rejects.toBeInstanceOf(InteractionRunningError);
		expect(cancelled).toEqual(['v1_b']);
		expect(classifyApiError(new InteractionRunningError('v1_b', 1))).toMatchObject({
			kind: 'timeout',
			retryable: false,
		});
	});
});
