import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { createGeminiClient, isImageModel } from '../gemini/client';
import type { GeminiConnection } from '../gemini/endpoint';
import { findConnectionProblem, secretsOf } from '../gemini/endpoint';
import type { ApiFailure } from '../gemini/errors';
import { classifyApiError } from '../gemini/errors';
import { readConnection } from '../n8n/credentials';

/** What to check in the credential, for what the model list answered. */
function credentialHint(failure: ApiFailure, connection: GeminiConnection): string {
	const listUrl = `${connection.baseUrl}/${connection.apiVersion}/models`;
	if (failure.reason === 'API_KEY_INVALID') {
		return 'Copy the key again from https://aistudio.google.com/apikey.';
	}
	if (failure.httpStatus === 404) {
		return `Nothing lists models at ${listUrl}: check the Base URL (without a version path) and the API Version "${connection.apiVersion}".`;
	}
	if (failure.kind === 'network') {
		return `Nothing answers at ${connection.baseUrl}: check the Base URL and this machine's network.`;
	}
	return failure.hint;
}

/**
 * Lists models with the key. Done in code rather than as a declarative test request so that
 * a bad key shows Google's own message ("API key not valid ...") instead of "Bad Request".
 */
export async function geminiImageApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const connection = readConnection(credential.data ?? {});
	if (!connection.apiKey) return { status: 'Error', message: 'The API key is empty.' };
	const problem = findConnectionProblem(connection);
	if (problem) return { status: 'Error', message: `${problem.message}. ${problem.hint}` };
	try {
		const models = await (await createGeminiClient(connection)).listModels();
		const imageModels = models.filter(isImageModel).length;
		return {
			status: 'OK',
			message: `Connection successful: ${imageModels} image models available.`,
		};
	} catch (error) {
		const failure = classifyApiError(error, secretsOf(connection));
		const status = failure.httpStatus ? ` [HTTP ${failure.httpStatus}]` : '';
		return {
			status: 'Error',
			message: `${failure.message.replace(/\.$/, '')}${status}. ${credentialHint(failure, connection)}`,
		};
	}
}
