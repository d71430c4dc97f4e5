import type { ApiFailure } from '../../nodes/GeminiImage/gemini/errors';
import { retryDelayMs } from '../../nodes/GeminiImage/gemini/retry';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 8000 };
const failure = (over: Partial<ApiFailure>): ApiFailure => ({
	kind: 'api',
	message: 'm',
	quotaIsZero: false,
	retryable: true,
	hint: '',
	...over,
});

describe('retryDelayMs', () => {
	it("waits what Google's RetryInfo asks on a 429", () => {
		expect(
			retryDelayMs(failure({ httpStatus: 429, retryDelaySeconds: 15 }), 1, policy, () => 0),
		).toBe(15000);
	});

	it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
		expect(retryDelayMs(failure({ httpStatus: 503 }), 1, policy, () => 0)).toBe(500);
		expect(retryDelayMs(failure({ httpStatus: 503 }), 1, policy, () => 1)).toBe(1000);
		expect(retryDelayMs(failure({ httpStatus: 503 }), 3, policy, () => 1)).toBe(4000);
		expect(
			retryDelayMs(failure({ httpStatus: 503 }), 3, { ...policy, maxDelayMs: 3000 }, () => 1),
		).toBe(3000);
	});

	it('never retries what cannot succeed, nor past the budget', () => {
		expect(retryDelayMs(failure({ httpStatus: 400, retryable: false }), 1, policy)).toBeUndefined();
		expect(retryDelayMs(failure({ httpStatus: 503 }), 4, policy)).toBeUndefined();
		expect(
			retryDelayMs(failure({ httpStatus: 503 }), 1, { ...policy, maxRetries: 0 }),
		).toBeUndefined();
	});
});
