/**
 * The 429 Google answers when a project's requests per model pass their quota, word for word as
 * live (only the limit, the model and the delay vary):
 *   You exceeded your current quota, ... \n* Quota exceeded for metric:
 *   generativelanguage.googleapis.com/generate_requests_per_model, limit: N, model: M
 *   Please retry in S s.
 * with QuotaFailure, Help and RetryInfo details, as quotaExceeded and quotaZero carry them.
 */
import { durationText, GoogleApiError, QUOTA_HELP } from '../server/google-errors';

export const REQUESTS_PER_MODEL_METRIC =
	'generativelanguage.googleapis.com/generate_requests_per_model';
export const REQUESTS_PER_MODEL_QUOTA_ID = 'GenerateRequestsPerMinutePerProjectPerModel';

/** The live preamble of this 429 (it links https://ai.dev/rate-limit). */
export const RATE_LIMIT_PREAMBLE =
	'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit.';

/**
 * Google's 429 for requests per model. `retryMs` is the time until the oldest accepted request
 * leaves the window; it is said in seconds with up to 3 decimals ("3.412s"), 0.001s at least,
 * the same in the message and in RetryInfo.
 */
export function requestsPerModelExceeded(
	model: string,
	limit: number,
	retryMs: number,
): GoogleApiError {
	const delay = durationText(Math.max(1, Math.ceil(retryMs)));
	const message = `${RATE_LIMIT_PREAMBLE} \n* Quota exceeded for metric: ${REQUESTS_PER_MODEL_METRIC}, limit: ${limit}, model: ${model}\nPlease retry in ${delay}.`;
	return new GoogleApiError(429, 'RESOURCE_EXHAUSTED', message, [
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: REQUESTS_PER_MODEL_METRIC,
					quotaId: REQUESTS_PER_MODEL_QUOTA_ID,
					quotaDimensions: { location: 'global', model },
					quotaValue: String(limit),
				},
			],
		},
		QUOTA_HELP,
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay },
	]);
}
