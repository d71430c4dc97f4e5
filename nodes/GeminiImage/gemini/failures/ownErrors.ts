/**
 * Errors this package raises itself on the way to Google: an endpoint's answer refused, a
 * service account's sign-in refused, a background interaction that ran too long, an upload
 * Google could not use. Each is classified as the user should read it; never retried unless said.
 */
import { findInCauses } from './causes';
import type { ApiFailure } from './apiFailure';

export function classifyOwnError(
	err: Record<string, unknown>,
	clean: (text: string) => string,
	rawMessage: string,
): ApiFailure | undefined {
	const refused = findInCauses(err, 'EndpointError');
	if (refused) {
		return {
			kind: 'endpoint',
			message: clean(String(refused.message)),
			quotaIsZero: false,
			retryable: false,
			hint: String(refused.hint ?? ''),
		};
	}
	const signIn = findInCauses(err, 'VertexAuthError');
	if (signIn) {
		return {
			kind: 'auth',
			httpStatus: typeof signIn.httpStatus === 'number' ? signIn.httpStatus : undefined,
			message: clean(String(signIn.message)),
			reason: 'SERVICE_ACCOUNT_REFUSED',
			quotaIsZero: false,
			retryable: false,
			hint: String(signIn.hint ?? ''),
		};
	}
	if (findInCauses(err, 'InteractionRunningError')) {
		return {
			kind: 'timeout',
			message: clean(rawMessage),
			quotaIsZero: false,
			// A retry would start (and bill) another generation.
			retryable: false,
			hint: 'It was cancelled. Raise the Request Timeout (at most 300 s) or ask for a smaller image size, and run again.',
		};
	}
	const upload = findInCauses(err, 'FileUploadError');
	if (upload) {
		return {
			kind: 'upload',
			message: clean(String(upload.message)),
			quotaIsZero: false,
			retryable: upload.retryable === true,
			hint: uploadHint(upload.retryable === true, String(upload.mimeType ?? '')),
		};
	}

	return undefined;
}

/** Videos and PDFs take Google longer to prepare, and are not fixed by another image format. */
function uploadHint(stillProcessing: boolean, mimeType: string): string {
	const media = mimeType.startsWith('video/') || mimeType === 'application/pdf';
	if (stillProcessing) {
		return media
			? 'Google was still preparing the uploaded file (a video takes longest): the wait ends with the Request Timeout (Options > Request Timeout, at most 300 s). Raise it, or run again in a minute.'
			: 'Google was still preparing the uploaded image: run again in a minute.';
	}
	return media
		? 'Google could not use the uploaded file: check that it plays (or opens) and is the type it claims, export it again and run again.'
		: 'Google could not use the uploaded image: re-export it as PNG or JPEG and run again.';
}
