/**
 * The Interactions API's errors. Its routes answer in Google's Interactions error shape, a
 * lowercase string code beside the message (generateContent and files keep {code, message, status}):
 *   {"error": {"message": "Interaction v1_abc not found.", "code": "not_found"}}
 * A 429 keeps its details (QuotaFailure, Help, RetryInfo), so a client can read the retry delay.
 * An id that is unknown, deleted, past retention, or was created with store:false answers that 404.
 */
import { badRequest, GoogleApiError, notFound, type GoogleStatus } from '../server/google-errors';

/** The Interactions API's code for each status (HTTP statuses stay as they are). */
export const INTERACTION_ERROR_CODES: Record<GoogleStatus, string> = {
	INVALID_ARGUMENT: 'invalid_request',
	UNAUTHENTICATED: 'unauthenticated',
	PERMISSION_DENIED: 'permission_denied',
	NOT_FOUND: 'not_found',
	RESOURCE_EXHAUSTED: 'resource_exhausted',
	INTERNAL: 'internal',
	UNAVAILABLE: 'unavailable',
	DEADLINE_EXCEEDED: 'deadline_exceeded',
	FAILED_PRECONDITION: 'failed_precondition',
};

export interface InteractionErrorBody {
	error: { message: string; code: string; details?: unknown[] };
}

/** An error as an Interactions route answers it. */
export function interactionErrorBody(error: GoogleApiError): InteractionErrorBody {
	const body: InteractionErrorBody['error'] = {
		message: error.message,
		code: INTERACTION_ERROR_CODES[error.status] ?? error.status.toLowerCase(),
	};
	if (error.details && error.details.length > 0) body.details = error.details;
	return { error: body };
}

/** The message of the 404 for an interaction id the simulator does not hold. */
export function interactionNotFoundMessage(id: string): string {
	return `Interaction ${id} not found.`;
}

/** Matches any interactionNotFoundMessage; the id is the first group. */
export const INTERACTION_NOT_FOUND_PATTERN = /^Interaction (\S+) not found\.$/;

export function interactionNotFound(id: string): GoogleApiError {
	return notFound(interactionNotFoundMessage(id));
}

/** A model the simulator does not serve (unknown or retired), in the Interactions API's words. */
export function interactionModelNotFound(id: string): GoogleApiError {
	return notFound(`Model '${id}' not found.`);
}

/** Google's documentation: the Interactions API takes no custom safety settings. */
export function safetySettingsUnsupported(): GoogleApiError {
	return badRequest('Custom safety settings are not supported in the Interactions API.');
}

/** response_format.mime_type takes image/jpeg only. */
export function unsupportedMimeType(value: unknown): GoogleApiError {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return badRequest(`The value '${text}' is not supported for 'response_format.mime_type'.`);
}

/** A running (background) interaction cannot be continued yet; a finished one cannot be cancelled. */
export function interactionNotReady(id: string, doing: 'continued' | 'cancelled'): GoogleApiError {
	const state = doing === 'continued' ? 'is still in progress' : 'is not in progress';
	return new GoogleApiError(
		400,
		'FAILED_PRECONDITION',
		`Interaction ${id} ${state} and cannot be ${doing}.`,
	);
}
