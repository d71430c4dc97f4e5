import type { ApiFailure } from './errors';
import { formatSeconds } from './errors';

export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/**
	 * The longest wait Google's RetryInfo may ask for; a longer one fails at once (a daily
	 * quota, most likely) instead of holding the run for hours.
	 */
	maxRetryWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 2000,
	maxDelayMs: 60000,
	maxRetryWaitMs: 60000,
};

/** Whether Google asks to wait longer than the policy allows. */
export function asksTooLongAWait(failure: ApiFailure, policy: RetryPolicy): boolean {
	return (
		failure.retryable &&
		failure.retryDelaySeconds !== undefined &&
		failure.retryDelaySeconds * 1000 > policy.maxRetryWaitMs
	);
}

/**
 * How long to wait before retry number `retry` (1-based), or undefined when retrying cannot
 * help (400, 401, 403, 404, a zero quota, a stopped execution) or Google asks to wait longer
 * than the policy allows. A 429 waits what Google's RetryInfo asks; anything else backs off
 * exponentially with jitter, so parallel requests that failed together do not return together.
 */
export function retryDelayMs(
	failure: ApiFailure,
	retry: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (!failure.retryable || retry > policy.maxRetries) return undefined;
	if (failure.retryDelaySeconds !== undefined) {
		if (asksTooLongAWait(failure, policy)) return undefined;
		return Math.round(failure.retryDelaySeconds * 1000 + random() * policy.baseDelayMs * 0.25);
	}
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The failure as the user reads it when Google asked for a wait past the ceiling; `setting`
 * names where the ceiling is set.
 */
export function explainLongWait(
	failure: ApiFailure,
	policy: RetryPolicy,
	setting: string,
): ApiFailure {
	const asked = formatSeconds(failure.retryDelaySeconds ?? 0);
	const ceiling = formatSeconds(policy.maxRetryWaitMs / 1000);
	return {
		...failure,
		hint: `Google asks to wait ${asked} before the next request, longer than the node waits (${ceiling}, "${setting}"): a daily quota is likely used up. Run again once it resets, or raise the quota in Google AI Studio.`,
	};
}
