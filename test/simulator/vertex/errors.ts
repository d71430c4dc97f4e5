/**
 * Vertex AI's (aiplatform.googleapis.com) answers that differ from the Gemini API's, in the same
 * {error: {code, message, status, details}} shape. The wording is that of live answers published
 * by others; the `method` in ErrorInfo is the RPC the path maps to.
 */
import { GoogleApiError, type GoogleStatus } from '../server/google-errors';

const VERTEX_SERVICE = 'aiplatform.googleapis.com';
const SIGN_IN_HELP = 'See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const EXPECTED_TOKEN =
	'Expected OAuth 2 access token, login cookie or other valid authentication credential.';

/** Refusals of a credential, by ErrorInfo reason. */
const CREDENTIAL_ERRORS: Record<string, [number, GoogleStatus, string]> = {
	/** No Authorization header and no API key. */
	CREDENTIALS_MISSING: [
		401,
		'UNAUTHENTICATED',
		`Request is missing required authentication credential. ${EXPECTED_TOKEN} ${SIGN_IN_HELP}`,
	],
	/** A key that is not an express-mode key, or any key on a path that takes none. */
	API_KEYS_NOT_SUPPORTED: [
		401,
		'UNAUTHENTICATED',
		'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication',
	],
	ACCESS_TOKEN_EXPIRED: [
		401,
		'UNAUTHENTICATED',
		`Request had invalid authentication credentials. ${EXPECTED_TOKEN} ${SIGN_IN_HELP}`,
	],
	/** A bearer token Google does not know. */
	ACCESS_TOKEN_TYPE_UNSUPPORTED: [
		401,
		'UNAUTHENTICATED',
		`Request had invalid authentication credentials. ${EXPECTED_TOKEN} ${SIGN_IN_HELP}`,
	],
	/** A token granted without the cloud-platform scope. */
	ACCESS_TOKEN_SCOPE_INSUFFICIENT: [
		403,
		'PERMISSION_DENIED',
		'Request had insufficient authentication scopes.',
	],
};

export type CredentialProblem = keyof typeof CREDENTIAL_ERRORS;

function errorInfo(reason: string, domain: string, metadata: Record<string, string>): unknown {
	return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata };
}

export function credentialError(problem: CredentialProblem, method: string): GoogleApiError {
	const [code, status, message] = CREDENTIAL_ERRORS[problem];
	// Live answers name a key that is not an express key CREDENTIALS_MISSING too.
	const reason = problem === 'API_KEYS_NOT_SUPPORTED' ? 'CREDENTIALS_MISSING' : problem;
	return new GoogleApiError(code, status, message, [
		errorInfo(reason, 'googleapis.com', { method, service: VERTEX_SERVICE }),
	]);
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
