/** Errors in the body shape Google's REST APIs use: {error: {code, message, status, details}}. */

export type GoogleStatus =
	| 'INVALID_ARGUMENT'
	| 'UNAUTHENTICATED'
	| 'PERMISSION_DENIED'
	| 'NOT_FOUND'
	| 'RESOURCE_EXHAUSTED'
	| 'INTERNAL'
	| 'UNAVAILABLE'
	| 'DEADLINE_EXCEEDED'
	| 'FAILED_PRECONDITION';

export interface FieldViolation {
	field?: string;
	description: string;
}

export class GoogleApiError extends Error {
	constructor(
		readonly code: number,
		readonly status: GoogleStatus,
		message: string,
		readonly details?: unknown[],
	) {
		super(message);
	}

	toBody(): { error: { code: number; message: string; status: string; details?: unknown[] } } {
		const error: { code: number; message: string; status: string; details?: unknown[] } = {
			code: this.code,
			message: this.message,
			status: this.status,
		};
		if (this.details && this.details.length > 0) error.details = this.details;
		return { error };
	}
}

export function badRequest(message: string, violations?: FieldViolation[]): GoogleApiError {
	const details = violations
		? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }]
		: undefined;
	return new GoogleApiError(400, 'INVALID_ARGUMENT', message, details);
}

/** A 400 about one request field, with the field named in a BadRequest detail as Google does. */
export function fieldError(field: string, message: string): GoogleApiError {
	return badRequest(message, [{ field, description: message }]);
}

export function notFound(message: string): GoogleApiError {
	return new GoogleApiError(404, 'NOT_FOUND', message);
}

export function methodNotFound(): GoogleApiError {
	return notFound('Method not found.');
}

export function missingKey(): GoogleApiError {
	return new GoogleApiError(
		403,
		'PERMISSION_DENIED',
		"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
	);
}

export function invalidKey(): GoogleApiError {
	return new GoogleApiError(
		400,
		'INVALID_ARGUMENT',
		'API key not valid. Please pass a valid API key.',
		[
			{
				'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
				reason: 'API_KEY_INVALID',
				domain: 'googleapis.com',
				metadata: { service: 'generativelanguage.googleapis.com' },
			},
		],
	);
}

/** What Google answers a request whose credential it cannot authenticate (an OAuth-only path). */
export function unauthenticated(): GoogleApiError {
	return new GoogleApiError(
		401,
		'UNAUTHENTICATED',
		'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
	);
}

export function requestTimeout(): GoogleApiError {
	return new GoogleApiError(408, 'DEADLINE_EXCEEDED', 'Request timed out.');
}

export function badGateway(): GoogleApiError {
	return new GoogleApiError(
		502,
		'UNAVAILABLE',
		'The server encountered a temporary error and could not complete your request. Please try again in 30 seconds.',
	);
}

export function payloadTooLarge(limit: number): GoogleApiError {
	return badRequest(`Request payload size exceeds the limit: ${limit} bytes.`);
}

export function invalidJson(detail: string): GoogleApiError {
	const message = `Invalid JSON payload received. ${detail}`;
	return badRequest(message, [{ description: message }]);
}

export function internalError(): GoogleApiError {
	return new GoogleApiError(
		500,
		'INTERNAL',
		'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
	);
}

export function overloaded(): GoogleApiError {
	return new GoogleApiError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
}

export function deadlineExceeded(): GoogleApiError {
	return new GoogleApiError(
		504,
		'DEADLINE_EXCEEDED',
		'Deadline expired before operation could complete.',
	);
}

/** Proto Duration text as RetryInfo carries it: '15s', '0.5s'. */
export function durationText(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))}s`;
}

export const QUOTA_HELP = {
	'@type': 'type.googleapis.com/google.rpc.Help',
	links: [
		{
			description: 'Learn more about Gemini API quotas',
			url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
		},
	],
};

const QUOTA_PREAMBLE =
	'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit.';

/**
 * A paid-tier rate limit. The message states a slightly longer wait than RetryInfo, as Google's
 * do ("Please retry in 15.2s." next to retryDelay "15s").
 */
export function quotaExceeded(model: string, retryMs: number): GoogleApiError {
	const metric = 'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count';
	const spoken = Number((retryMs / 1000 + 0.2).toFixed(1));
	const message = `${QUOTA_PREAMBLE} \n* Quota exceeded for metric: ${metric}, limit: 1000000, model: ${model}\nPlease retry in ${spoken}s.`;
	return new GoogleApiError(429, 'RESOURCE_EXHAUSTED', message, [
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: metric,
					quotaId: 'GenerateContentPaidTierInputTokensPerModelPerMinute',
					quotaDimensions: { location: 'global', model },
					quotaValue: '1000000',
				},
			],
		},
		QUOTA_HELP,
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: durationText(retryMs) },
	]);
}

/**
 * The free tier has no quota at all for most image models. Google still attaches RetryInfo, so a
 * client that only honours RetryInfo would retry forever: it has to read "limit: 0".
 */
export function quotaZero(model: string): GoogleApiError {
	const metric = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
	const message = `${QUOTA_PREAMBLE} \n* Quota exceeded for metric: ${metric}, limit: 0, model: ${model}\nPlease retry in 44.3s.`;
	return new GoogleApiError(429, 'RESOURCE_EXHAUSTED', message, [
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: metric,
					quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
					quotaDimensions: { location: 'global', model },
				},
			],
		},
		QUOTA_HELP,
		{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '44s' },
	]);
}

/** The HTTP statuses a marker can ask for: [sim:503], [sim:fail-first=2:408] ... */
export type MarkerStatus = 400 | 401 | 408 | 429 | 500 | 502 | 503 | 504;

/** The answer of a status marker: one case per status. */
export function errorForStatus(
	status: MarkerStatus,
	modelId: string,
	retryMs: number,
): GoogleApiError {
	switch (status) {
		case 400:
			return badRequest('Request contains an invalid argument.');
		case 401:
			return unauthenticated();
		case 408:
			return requestTimeout();
		case 429:
			return quotaExceeded(modelId, retryMs);
		case 500:
			return internalError();
		case 502:
			return badGateway();
		case 503:
			return overloaded();
		case 504:
			return deadlineExceeded();
	}
}
