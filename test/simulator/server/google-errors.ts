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

export function payloadTooLarge(limit: number): GoogleApiError {
	return badRequest(`Request payload size exceeds the limit: ${limit} bytes.`);
}

export function invalidJson(detail: string): GoogleApiError {
	const message = `Invalid JSON payload received. ${detail}`;
	return badRequest(message, [{ description: message }]);
}

/** Proto Duration text as RetryInfo carries it: '15s', '0.5s'. */
export function durationText(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The HTTP statuses a marker can ask for: [sim:503], [sim:fail-first=2:408] ... */
export type MarkerStatus = 400 | 401 | 408 | 429 | 500 | 502 | 503 | 504;

/** Google's answers that carry nothing but their status and words (401: an OAuth-only path). */
const FIXED_ERRORS: Record<Exclude<MarkerStatus, 429>, [GoogleStatus, string]> = {
	400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
	401: [
		'UNAUTHENTICATED',
		'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
	],
	408: ['DEADLINE_EXCEEDED', 'Request timed out.'],
	500: [
		'INTERNAL',
		'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
	],
	502: [
		'UNAVAILABLE',
		'The server encountered a temporary error and could not complete your request. Please try again in 30 seconds.',
	],
	503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
	504: ['DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'],
};

export function fixedError(code: Exclude<MarkerStatus, 429>): GoogleApiError {
	const [status, message] = FIXED_ERRORS[code];
	return new GoogleApiError(code, status, message);
}

export const internalError = (): GoogleApiError => fixedError(500);
export const deadlineExceeded = (): GoogleApiError => fixedError(504);
