import { ApiError } from '@google/genai';

import {
	classifyApiError,
	parseDelaySeconds,
} from '../../../../nodes/GeminiImage/gemini/failures/errors';
import { excerpt } from '../../../../nodes/GeminiImage/gemini/failures/redact';

function googleError(status: number, body: object): ApiError {
	return new ApiError({ status, message: JSON.stringify(body) });
}

describe('classifyApiError', () => {
	it('reads a 429 with its RetryInfo delay', () => {
		const failure = classifyApiError(
			googleError(429, {
				error: {
					code: 429,
					status: 'RESOURCE_EXHAUSTED',
					message: 'You exceeded your current quota.',
					details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '15s' }],
				},
			}),
		);
		expect(failure).toMatchObject({
			kind: 'api',
			httpStatus: 429,
			googleStatus: 'RESOURCE_EXHAUSTED',
			message: 'You exceeded your current quota.',
			retryDelaySeconds: 15,
			retryable: true,
			quotaIsZero: false,
		});
		expect(failure.hint).toContain('wait 15s');
	});

	it('says plainly that a zero quota cannot be waited out', () => {
		const failure = classifyApiError(
			googleError(429, {
				error: {
					code: 429,
					status: 'RESOURCE_EXHAUSTED',
					message: 'Quota exceeded for metric: x, limit: 0, model: y',
				},
			}),
		);
		expect(failure.quotaIsZero).toBe(true);
		expect(failure.retryable).toBe(false);
		expect(failure.hint).toContain('no quota for this model (limit: 0)');
	});

	it('recognises an invalid key by its ErrorInfo reason', () => {
		const failure = classifyApiError(
			googleError(400, {
				error: {
					code: 400,
					status: 'INVALID_ARGUMENT',
					message: 'API key not valid. Please pass a valid API key.',
					details: [
						{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
					],
				},
			}),
		);
		expect(failure).toMatchObject({ reason: 'API_KEY_INVALID', retryable: false });
		expect(failure.hint).toContain('aistudio.google.com/apikey');
	});

	it.each([
		[404, false],
		[403, false],
		[500, true],
		[503, true],
		[504, true],
	])('status %s is retryable=%s', (status, retryable) => {
		const failure = classifyApiError(
			googleError(status, { error: { code: status, message: 'm' } }),
		);
		expect(failure.retryable).toBe(retryable);
	});

	it('treats a refused connection as a network failure', () => {
		const error = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
		const failure = classifyApiError(error);
		expect(failure).toMatchObject({
			kind: 'network',
			message: 'fetch failed (ECONNREFUSED)',
			retryable: true,
		});
	});

	it("reads Google's 409 ABORTED as the API error it is, not as a timeout", () => {
		const failure = classifyApiError(
			googleError(409, {
				error: {
					code: 409,
					status: 'ABORTED',
					message: 'The operation was aborted due to a concurrency conflict.',
				},
			}),
		);
		expect(failure).toMatchObject({
			kind: 'api',
			httpStatus: 409,
			googleStatus: 'ABORTED',
			message: 'The operation was aborted due to a concurrency conflict.',
			retryable: false,
			hint: 'Google answered with an error: see the message.',
		});
	});

	it('reads a fetch given up by its timeout as a retryable timeout', () => {
		const abort = new DOMException('This operation was aborted', 'AbortError');
		expect(classifyApiError(abort)).toMatchObject({
			kind: 'timeout',
			message: 'no answer before the request timeout',
			retryable: true,
		});
	});

	it('finds the abort under the wrapper the SDK puts around a foreign error', () => {
		const abort = new DOMException('This operation was aborted', 'AbortError');
		const wrapped = new Error(`exception ${String(abort)} sending request`, { cause: abort });
		expect(classifyApiError(wrapped)).toMatchObject({ kind: 'timeout', retryable: true });
	});

	it('reads any failure of a cancelled call as the execution being stopped', () => {
		const abort = new DOMException('This operation was aborted', 'AbortError');
		expect(classifyApiError(abort, undefined, true)).toMatchObject({
			kind: 'aborted',
			message: 'the execution was stopped',
			retryable: false,
		});
		expect(classifyApiError(new TypeError('fetch failed'), undefined, true)).toMatchObject({
			kind: 'aborted',
			retryable: false,
		});
	});

	it('does not take a message that mentions "aborted" for a timeout', () => {
		const failure = classifyApiError(new TypeError('fetch failed: socket aborted by peer'));
		expect(failure).toMatchObject({ kind: 'network', retryable: true });
	});

	it('never repeats the API key', () => {
		const key = 'AIzaSySECRETSECRET';
		const failure = classifyApiError(new TypeError(`request to https://x/?key=${key} failed`), key);
		expect(failure.message).not.toContain(key);
		expect(failure.message).toContain('[redacted]');
	});
});

describe('what an endpoint says, bounded and without secrets', () => {
	const key = 'AIzaSy-secret-key-0123';

	it('redacts the key from the message, the status and the reason', () => {
		const failure = classifyApiError(
			Object.assign(
				new Error(
					JSON.stringify({
						error: {
							code: 400,
							message: `bad ${key}`,
							status: `X_${key}`,
							details: [{ reason: key }],
						},
					}),
				),
				{ name: 'ApiError', status: 400 },
			),
			[key],
		);
		expect(JSON.stringify(failure)).not.toContain(key);
		expect(failure).toMatchObject({
			message: 'bad [redacted]',
			googleStatus: 'X_[redacted]',
			reason: '[redacted]',
		});
	});

	it('turns an HTML page into a short excerpt of its text', () => {
		const page = `<html><body><h1>Bad Gateway</h1>${'<p>down</p>'.repeat(1000)}</body></html>`;
		const text = excerpt(page);
		expect(text.startsWith('Bad Gateway down down')).toBe(true);
		expect(text.endsWith(`… (${page.length} characters in all, an HTML page)`)).toBe(true);
		expect(text.length).toBeLessThan(400);
		expect(excerpt('short text')).toBe('short text');
	});

	it('reads RetryInfo delays exactly, as text or as seconds and nanos', () => {
		expect(parseDelaySeconds('1.5s')).toBe(1.5);
		expect(parseDelaySeconds('86400s')).toBe(86400);
		expect(parseDelaySeconds({ seconds: '2', nanos: 500000000 })).toBe(2.5);
		expect(parseDelaySeconds('soon')).toBeUndefined();
	});
});
