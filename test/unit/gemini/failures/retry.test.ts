import type { ApiFailure } from '../../../../nodes/GeminiImage/gemini/failures/errors';
import {
	asksTooLongAWait,
	explainLongWait,
	retryDelayMs,
} from '../../../../nodes/GeminiImage/gemini/failures/retry';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryWaitMs: 60000 };
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

describe('a wait past the ceiling', () => {
	const capped = { ...policy, maxRetryWaitMs: 60000 };

	it('fails at once when Google asks for a day, and says why', () => {
		const day = failure({ httpStatus: 429, retryDelaySeconds: 86400 });
		expect(asksTooLongAWait(day, capped)).toBe(true);
		expect(retryDelayMs(day, 1, capped)).toBeUndefined();
		expect(explainLongWait(day, capped, 'Options > Max Retry Wait').hint).toBe(
			'Google asks to wait 86400s before the next request, longer than the node waits (60s, "Options > Max Retry Wait"): a daily quota is likely used up. Run again once it resets, or raise the quota in Google AI Studio.',
		);
	});

	it('does not wait out a delay past the ceiling, however large the ceiling', () => {
		const huge = failure({ httpStatus: 429, retryDelaySeconds: 3000000 });
		expect(retryDelayMs(huge, 1, { ...capped, maxRetryWaitMs: 3600000 })).toBeUndefined();
	});

	it('waits fractional delays exactly', () => {
		const short = failure({ httpStatus: 429, retryDelaySeconds: 1.5 });
		expect(retryDelayMs(short, 1, capped, () => 0)).toBe(1500);
		expect(asksTooLongAWait(failure({ httpStatus: 429, retryDelaySeconds: 60 }), capped)).toBe(
			false,
		);
	});
});
