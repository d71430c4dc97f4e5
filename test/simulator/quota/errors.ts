/**
 * Google's 429s, word for word as live (only the limit, the model and the delay vary):
 *   You exceeded your current quota, ... \n* Quota exceeded for metric: M, limit: N, model: X
 *   Please retry in S s.
 * with QuotaFailure, Help and RetryInfo details.
 */
import { durationText, GoogleApiError } from '../server/google-errors';

const PREAMBLE =
	'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to:';
/** The per-model request limit links ai.dev/rate-limit, the token and free-tier limits ai.dev/usage. */
export const RATE_LIMIT_PREAMBLE = `${PREAMBLE} https://ai.dev/rate-limit.`;
const USAGE_PREAMBLE = `${PREAMBLE} https://ai.dev/usage?tab=rate-limit.`;

interface Quota {
	preamble: string;
	metric: string;
	quotaId: string;
	/** Absent on the free tier's zero quota, as live. */
	quotaValue?: string;
	limit: number;
	/** The wait the message states, beside RetryInfo's. */
	spoken: string;
	retryDelay: string;
}

function quotaError(model: string, quota: Quota): GoogleApiError {
	const message = `${quota.preamble} \n* Quota exceeded for metric: ${quota.metric}, limit: ${quota.limit}, model: ${model}\nPlease retry in ${quota.spoken}.`;
	const violation = {
		quotaMetric: quota.metric,
		quotaId: quota.quotaId,
		quotaDimensions: { location: 'global', model },
		...(quota.quotaValue ? { quotaValue: quota.quotaValue } : {}),
	};
	return new GoogleApiError(429, 'RESOURCE_EXHAUSTED', message, [
		{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [violation] },
		{
			'@type': 'type.googleapis.com/google.rpc.Help',
			links: [
				{
					description: 'Learn more about Gemini API quotas',
					url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
				},
			],
		},
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: quota.retryDelay },
	]);
}

/**
 * Google's 429 for requests per model. `retryMs` is the time until the oldest accepted request
 * leaves the window, said with up to 3 decimals ("3.412s"), 0.001s at least, in both places.
 */
export function requestsPerModelExceeded(model: string, limit: number, retryMs: number) {
	const delay = durationText(Math.max(1, Math.ceil(retryMs)));
	return quotaError(model, {
		preamble: RATE_LIMIT_PREAMBLE,
		metric: 'generativelanguage.googleapis.com/generate_requests_per_model',
		quotaId: 'GenerateRequestsPerMinutePerProjectPerModel',
		quotaValue: String(limit),
		limit,
		spoken: delay,
		retryDelay: delay,
	});
}

/**
 * A paid-tier rate limit ([sim:429]). The message states a slightly longer wait than RetryInfo,
 * as Google's do ("Please retry in 15.2s." next to retryDelay "15s").
 */
export function quotaExceeded(model: string, retryMs: number): GoogleApiError {
	return quotaError(model, {
		preamble: USAGE_PREAMBLE,
		metric: 'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count',
		quotaId: 'GenerateContentPaidTierInputTokensPerModelPerMinute',
		quotaValue: '1000000',
		limit: 1000000,
		spoken: `${Number((retryMs / 1000 + 0.2).toFixed(1))}s`,
		retryDelay: durationText(retryMs),
	});
}

/**
 * The free tier has no quota at all for most image models. Google still attaches RetryInfo, so a
 * client that only honours RetryInfo would retry forever: it has to read "limit: 0".
 */
export function quotaZero(model: string): GoogleApiError {
	return quotaError(model, {
		preamble: USAGE_PREAMBLE,
		metric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
		quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
		limit: 0,
		spoken: '44.3s',
		retryDelay: '44s',
	});
}
