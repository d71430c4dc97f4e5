/**
 * Vertex AI's (aiplatform.googleapis.com) answers that differ from the Gemini API's, in the same
 * {error: {code, message, status, details}} shape. The wording is that of live answers published
 * by others; the `method` in ErrorInfo is the RPC the path maps to.
 */
import { GoogleApiError } from '../server/google-errors';

export const VERTEX_SERVICE = 'aiplatform.googleapis.com';

const SIGN_IN_HELP = 'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

function errorInfo(reason: string, domain: string, metadata: Record<string, string>): unknown {
	return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata };
}

/** No Authorization header and no API key. */
export function credentialsMissing(method: string): GoogleApiError {
	return new GoogleApiError(
		401,
		'UNAUTHENTICATED',
		`Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SIGN_IN_HELP}`,
		[errorInfo('CREDENTIALS_MISSING', 'googleapis.com', { method, service: VERTEX_SERVICE })],
	);
}

/**
 * A bearer token Google does not know, or one past its expiry: ACCESS_TOKEN_EXPIRED for the
 * latter, ACCESS_TOKEN_TYPE_UNSUPPORTED for anything else.
 */
export function invalidCredentials(method: string, expired: boolean): GoogleApiError {
	return new GoogleApiError(
		401,
		'UNAUTHENTICATED',
		`Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SIGN_IN_HELP}`,
		[
			errorInfo(
				expired ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
				'googleapis.com',
				{
					method,
					service: VERTEX_SERVICE,
				},
			),
		],
	);
}

/** An API key that is not a Vertex AI express-mode key (a Gemini API key, say), or any key on a path that takes none. */
export function apiKeysNotSupported(method: string): GoogleApiError {
	return new GoogleApiError(
		401,
		'UNAUTHENTICATED',
		'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication',
		[errorInfo('CREDENTIALS_MISSING', 'googleapis.com', { method, service: VERTEX_SERVICE })],
	);
}

/** A token granted without the cloud-platform scope. */
export function insufficientScopes(method: string): GoogleApiError {
	return new GoogleApiError(
		403,
		'PERMISSION_DENIED',
		'Request had insufficient authentication scopes.',
		[
			errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'googleapis.com', {
				method,
				service: VERTEX_SERVICE,
			}),
		],
	);
}

/** A principal of one project calling a model under another. */
export function permissionDenied(resource: string): GoogleApiError {
	const permission = 'aiplatform.endpoints.predict';
	return new GoogleApiError(
		403,
		'PERMISSION_DENIED',
		`Permission '${permission}' denied on resource '//${VERTEX_SERVICE}/${resource}' (or it may not exist).`,
		[errorInfo('IAM_PERMISSION_DENIED', VERTEX_SERVICE, { permission, resource })],
	);
}

/** An unknown or retired model, or one not served in that location (Gemini 3 outside `global`). */
export function publisherModelNotFound(resource: string): GoogleApiError {
	return new GoogleApiError(
		404,
		'NOT_FOUND',
		`Publisher Model \`${resource}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
	);
}

/** Vertex AI's 429 carries no RetryInfo and no QuotaFailure: a client can only back off. */
export function vertexResourceExhausted(): GoogleApiError {
	return new GoogleApiError(
		429,
		'RESOURCE_EXHAUSTED',
		'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
	);
}

/** A fileData URI that is not gs://bucket/object: Files API URIs do not exist on Vertex AI. */
export function unsupportedFileUri(uri: string): GoogleApiError {
	return new GoogleApiError(400, 'INVALID_ARGUMENT', `Unsupported file uri: ${uri}`);
}
