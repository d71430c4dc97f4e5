import type { ApiFailure } from './errors';

export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 2000,
	maxDelayMs: 60000,
};

/**
 * How long to wait before retry number `retry` (1-based), or undefined when retrying cannot
 * help (400, 401, 403, 404, a zero quota, a stopped execution). A 429 waits what Google's
 * RetryInfo asks; anything else backs off exponentially with jitter, so parallel requests
 * that failed together do not return together.
 */
export function retryDelayMs(
	failure: ApiFailure,
	retry: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (!failure.retryable || retry > policy.maxRetries) return undefined;
	if (failure.retryDelaySeconds !== undefined) {
		return Math.round(failure.retryDelaySeconds * 1000 + random() * policy.baseDelayMs * 0.25);
	}
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
