import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { closedPort, generateRequests, model, runGeminiImage, useSimulator } from './setup';

const simulator = useSimulator();

const generate = (prompt: string, options: Record<string, unknown> = {}) => ({
	operation: 'generate',
	model: model('gemini-3-pro-image'),
	prompt,
	options: { maxRetries: 0, ...options },
});

describe('no image: a clear error, never an empty file', () => {
	it.each([
		[
			'[sim:refusal]',
			'No image for item 0: the model refused for safety reasons (IMAGE_SAFETY)',
			'The model said: "Unable to show the generated image.',
			'IMAGE_SAFETY',
			false,
		],
		[
			'[sim:prohibited]',
			'No image for item 0: the model refused: the image would hold prohibited content (IMAGE_PROHIBITED_CONTENT)',
			'You will not be charged for blocked images." Rephrase the prompt',
			'IMAGE_PROHIBITED_CONTENT',
			false,
		],
		[
			'[sim:blocked]',
			'No image for item 0: the prompt was blocked (PROHIBITED_CONTENT)',
			'Google blocked the prompt before generating',
			'PROHIBITED_CONTENT',
			false,
		],
		[
			'[sim:text-only]',
			'No image for item 0: the model answered with text only',
			'The model said: "I can\'t create images of real people',
			'TEXT_ONLY',
			true,
		],
		[
			'[sim:no-image]',
			'No image for item 0: the model was asked for an image but made none (NO_IMAGE)',
			'Ask for an image explicitly',
			'NO_IMAGE',
			true,
		],
		[
			'[sim:image-other]',
			'No image for item 0: the model could not make the image (IMAGE_OTHER)',
			'Run again',
			'IMAGE_OTHER',
			true,
		],
		[
			'[sim:finish=MISSING_THOUGHT_SIGNATURE]',
			'No image for item 0: the conversation lost a thought signature (MISSING_THOUGHT_SIGNATURE)',
			'edited or rebuilt by hand; refine again from the last untouched step',
			'MISSING_THOUGHT_SIGNATURE',
			false,
		],
		[
			'[sim:finish=PUP_LIMITED_DISABLED]',
			'No image for item 0: Google has limited or disabled this account for breaking its Prohibited Use Policy (PUP_LIMITED_DISABLED)',
			'until Google lifts the limit',
			'PUP_LIMITED_DISABLED',
			false,
		],
		[
			'[sim:finish=ESCALATION]',
			"No image for item 0: the request was stopped by one of Google's escalation rules (ESCALATION)",
			'ask Google support',
			'ESCALATION',
			false,
		],
		[
			'[sim:finish=SPII]',
			'No image for item 0: the model refused: the answer may hold sensitive personal information (SPII)',
			'Blocked images are not charged. Leave personal details',
			'SPII',
			false,
		],
		[
			'[sim:finish=BRAND_NEW_REASON]',
			'No image for item 0: the model made no image (BRAND_NEW_REASON)',
			'Run again',
			'BRAND_NEW_REASON',
			true,
		],
		[
			'[sim:block=IMAGE_SAFETY]',
			'No image for item 0: the prompt was blocked as unsafe for image generation (IMAGE_SAFETY)',
			'Google blocked the prompt before generating',
			'IMAGE_SAFETY',
			false,
		],
		[
			'[sim:block=JAILBREAK]',
			'No image for item 0: the prompt was blocked as a jailbreak attempt (JAILBREAK)',
			'Ask for the image plainly',
			'JAILBREAK',
			false,
		],
	])('%s', async (marker, message, description, reason, retryable) => {
		const failed = await runGeminiImage(simulator(), generate(`A scene ${marker}`));
		expect(failed.items).toEqual([]);
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toBe(message);
		expect((failed.error as NodeOperationError).description).toContain(description);

		const continued = await runGeminiImage(simulator(), generate(`A scene ${marker}`), {
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].binary).toBeUndefined();
		expect(continued.items[0].pairedItem).toEqual({ item: 0 });
		expect(continued.items[0].json.error).toMatchObject({
			message,
			reason,
			retryable,
		});
	});
});

describe('API errors: Google status, message and a hint', () => {
	it('429 quota: the delay Google asks for', async () => {
		const result = await runGeminiImage(simulator(), generate('x [sim:429=20s]'), {
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatchObject({
			httpStatus: 429,
			reason: 'RESOURCE_EXHAUSTED',
			retryable: true,
			retryDelaySeconds: 20,
		});
		const error = result.items[0].json.error as {
			message: string;
			description: string;
		};
		expect(error.message).toMatch(
			/^Gemini API error for item 0: You exceeded your current quota[\s\S]* \[429 RESOURCE_EXHAUSTED\]$/,
		);
		expect(error.description).toContain('Google asks to wait 20s');
	});

	it('429 with limit 0: said plainly, not retryable', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('x [sim:quota-zero]', { maxRetries: 3 }),
			{
				continueOnFail: true,
			},
		);
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(result.items[0].json.error).toMatchObject({
			retryable: false,
			httpStatus: 429,
		});
		expect((result.items[0].json.error as { description: string }).description).toContain(
			'no quota for this model (limit: 0)',
		);
	});

	it.each([
		['[sim:500]', 500, 'INTERNAL', 'internal error'],
		['[sim:503]', 503, 'UNAVAILABLE', 'overloaded'],
		['[sim:504]', 504, 'DEADLINE_EXCEEDED', 'timed out'],
	])('%s', async (marker, status, googleStatus, hint) => {
		const result = await runGeminiImage(simulator(), generate(`x ${marker}`));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain(`[${status} ${googleStatus}]`);
		expect((result.error as NodeApiError).description).toContain(hint);
		expect((result.error as NodeApiError).httpCode).toBe(String(status));
	});

	it('a bad key: Google message, the key nowhere', async () => {
		const secret = 'AIzaSy-not-the-right-key-123';
		const result = await runGeminiImage(simulator(), generate('x'), {
			credentials: { apiKey: secret },
			continueOnFail: true,
		});
		const error = result.items[0].json.error as {
			message: string;
			description: string;
		};
		expect(error.message).toBe(
			'Gemini API error for item 0: API key not valid. Please pass a valid API key. [400 INVALID_ARGUMENT]',
		);
		expect(error.description).toContain('aistudio.google.com/apikey');
		expect(JSON.stringify(result.items)).not.toContain(secret);
		expect(result.logs.join('\n')).not.toContain(secret);
		expect(generateRequests(simulator())[0].headers['x-goog-api-key']).toBe(secret);
		expect(generateRequests(simulator())[0].apiKeySource).toBe('header');
	});

	it('a Base URL that does not answer: a network error naming the item', async () => {
		const result = await runGeminiImage(simulator(), generate('x'), {
			credentials: { baseUrl: `http://127.0.0.1:${await closedPort()}` },
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatchObject({
			retryable: true,
			reason: 'NETWORK',
		});
		expect((result.items[0].json.error as { message: string }).message).toMatch(
			/^Gemini API unreachable for item 0: fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
		);
	});
});

describe('Continue On Fail', () => {
	it('keeps going: every input item yields its image or its error, in order', async () => {
		const result = await runGeminiImage(simulator(), generate('={{ $json.prompt }}'), {
			continueOnFail: true,
			input: [
				{ json: { prompt: 'one' } },
				{ json: { prompt: 'two [sim:refusal]' } },
				{ json: { prompt: '' } },
				{ json: { prompt: 'four' } },
			],
		});
		expect(
			result.items.map((item) => [item.pairedItem, item.json.error ? 'error' : item.json.prompt]),
		).toEqual([
			[{ item: 0 }, 'one'],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 'error'],
			[{ item: 3 }, 'four'],
		]);
		expect((result.items[2].json.error as { message: string }).message).toBe(
			'The prompt is empty for item 2',
		);
	});

	it('without it, the run stops at the failing item with its message', async () => {
		const result = await runGeminiImage(simulator(), generate('={{ $json.prompt }}'), {
			input: [{ json: { prompt: 'one' } }, { json: { prompt: 'two [sim:refusal]' } }],
		});
		expect(result.error?.message).toBe(
			'No image for item 1: the model refused for safety reasons (IMAGE_SAFETY)',
		);
	});

	it('keeps the images that came and reports the one that did not', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate('x [sim:fail-first=1:500]', { numberOfImages: 3 }),
			{ continueOnFail: true },
		);
		const errors = result.items.filter((item) => item.json.error);
		expect(result.items).toHaveLength(3);
		expect(errors).toHaveLength(1);
		expect((errors[0].json.error as { message: string }).message).toMatch(
			/^Gemini API error for item 0 \(image \d of 3\)/,
		);
	});
});

describe('retries', () => {
	it('retries a 503 and ends with the image', async () => {
		const result = await runGeminiImage(simulator(), {
			...generate('x [sim:fail-first=2:503]'),
			options: { maxRetries: 3 },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(generateRequests(simulator())).toHaveLength(3);
	}, 30000);

	it('gives up after the budget and says how many attempts it made', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ ...generate('x [sim:fail-first=5:500]'), options: { maxRetries: 1 } },
			{ continueOnFail: true },
		);
		expect(generateRequests(simulator())).toHaveLength(2);
		expect((result.items[0].json.error as { message: string }).message).toMatch(
			/^Gemini API error for item 0 after 2 attempts: .*\[500 INTERNAL\]$/,
		);
	}, 30000);

	it('never retries a 400', async () => {
		await runGeminiImage(
			simulator(),
			{ ...generate('x'), options: { maxRetries: 3 } },
			{ credentials: { apiKey: 'wrong-key' }, continueOnFail: true },
		);
		expect(generateRequests(simulator())).toHaveLength(1);
	});
});

describe('retries by status: 408 and 502 are tried again, 401 never', () => {
	it.each([
		['408', 'x [sim:fail-first=1:408]', [408, 200]],
		['502', 'x [sim:fail-first=2:502]', [502, 502, 200]],
	])(
		'retries a %s and ends with the image',
		async (_status, prompt, statuses) => {
			const result = await runGeminiImage(simulator(), generate(prompt, { maxRetries: 3 }));
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json.error).toBeUndefined();
			expect(result.items[0].binary?.data).toMatchObject({
				mimeType: 'image/jpeg',
			});
			expect(generateRequests(simulator()).map((request) => request.status)).toEqual(statuses);
		},
		30000,
	);

	it.each([
		[
			'[sim:408]',
			'Gemini API error for item 0 after 2 attempts: Request timed out. [408 DEADLINE_EXCEEDED]',
			'Google timed out: run again.',
			408,
			'DEADLINE_EXCEEDED',
		],
		[
			'[sim:502]',
			'Gemini API error for item 0 after 2 attempts: The server encountered a temporary error and could not complete your request. Please try again in 30 seconds. [502 UNAVAILABLE]',
			'Google had a gateway error: run again in a moment.',
			502,
			'UNAVAILABLE',
		],
	])(
		'%s on every attempt: the budget spent, then the error',
		async (marker, message, hint, status, reason) => {
			const parameters = generate(`x ${marker}`, { maxRetries: 1 });
			const stopped = await runGeminiImage(simulator(), parameters);
			expect(stopped.items).toEqual([]);
			expect(stopped.error).toBeInstanceOf(NodeApiError);
			expect(stopped.error?.message).toBe(message);
			expect((stopped.error as NodeApiError).description).toBe(hint);
			expect(generateRequests(simulator()).map((request) => request.status)).toEqual([
				status,
				status,
			]);

			simulator().reset();
			const continued = await runGeminiImage(simulator(), parameters, {
				continueOnFail: true,
			});
			expect(continued.error).toBeUndefined();
			expect(continued.items).toHaveLength(1);
			expect(continued.items[0].binary).toBeUndefined();
			expect(continued.items[0].json.error).toEqual({
				message,
				description: hint,
				reason,
				retryable: true,
				httpStatus: status,
				attempts: 2,
			});
		},
		30000,
	);

	it('never retries a 401, and says to check the key', async () => {
		const message =
			'Gemini API error for item 0: Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project. [401 UNAUTHENTICATED]';
		const hint = 'Check the API key in the Gemini Image API credential.';
		const parameters = generate('x [sim:401]', { maxRetries: 3 });
		const stopped = await runGeminiImage(simulator(), parameters);
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toBe(message);
		expect((stopped.error as NodeApiError).description).toBe(hint);
		expect(generateRequests(simulator())).toHaveLength(1);

		simulator().reset();
		const continued = await runGeminiImage(simulator(), parameters, {
			continueOnFail: true,
		});
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json.error).toEqual({
			message,
			description: hint,
			reason: 'UNAUTHENTICATED',
			retryable: false,
			httpStatus: 401,
		});
		expect(generateRequests(simulator())).toHaveLength(1);
	});
});

describe('answers that never come or cannot be read', () => {
	const TIMEOUT_HINT =
		'The request took longer than the timeout: run again, or ask for a smaller image size.';

	it('a request past its timeout: "Gemini API timeout", once without retries', async () => {
		const stopped = await runGeminiImage(
			simulator(),
			generate('x [sim:slow=60000]', { maxRetries: 0, timeoutSeconds: 10 }),
		);
		expect(stopped.items).toEqual([]);
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toBe(
			'Gemini API timeout for item 0: no answer before the request timeout',
		);
		expect((stopped.error as NodeApiError).description).toBe(TIMEOUT_HINT);
		expect(generateRequests(simulator())).toHaveLength(1);
	}, 30000);

	it('every attempt past its timeout: "Gemini API timeout ... after 2 attempts" in the error item', async () => {
		const continued = await runGeminiImage(
			simulator(),
			generate('x [sim:slow=60000]', { maxRetries: 1, timeoutSeconds: 10 }),
			{ continueOnFail: true },
		);
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json.error).toEqual({
			message:
				'Gemini API timeout for item 0 after 2 attempts: no answer before the request timeout',
			description: TIMEOUT_HINT,
			reason: 'TIMEOUT',
			retryable: true,
			attempts: 2,
		});
		expect(generateRequests(simulator())).toHaveLength(2);
	}, 60000);

	const UNREADABLE_HINT =
		'The answer was cut short or was not JSON (a proxy or gateway in between?): run again, or check the Base URL.';

	it('an HTML page instead of JSON: "Unreadable answer from the Gemini API"', async () => {
		const message = `Unreadable answer from the Gemini API for item 0: Unexpected token '<', "<!DOCTYPE "... is not valid JSON`;
		const stopped = await runGeminiImage(simulator(), generate('x [sim:malformed]'));
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toBe(message);
		expect((stopped.error as NodeApiError).description).toBe(UNREADABLE_HINT);

		const continued = await runGeminiImage(simulator(), generate('x [sim:malformed]'), {
			continueOnFail: true,
		});
		expect(continued.items[0].json.error).toEqual({
			message,
			description: UNREADABLE_HINT,
			reason: 'UNREADABLE',
			retryable: true,
		});
	});

	it('a body cut short on every attempt: "Unreadable answer ... after 2 attempts"', async () => {
		const continued = await runGeminiImage(
			simulator(),
			generate('x [sim:truncate]', { maxRetries: 1 }),
			{ continueOnFail: true },
		);
		const error = continued.items[0].json.error as Record<string, unknown>;
		expect(error).toMatchObject({
			description: UNREADABLE_HINT,
			reason: 'UNREADABLE',
			retryable: true,
			attempts: 2,
		});
		expect(error.message).toMatch(
			/^Unreadable answer from the Gemini API for item 0 after 2 attempts: Unterminated string in JSON at position \d+$/,
		);
		expect(generateRequests(simulator()).map((request) => request.status)).toEqual([200, 200]);
	}, 30000);
});
