import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { createGeminiClient, isImageModel } from '../gemini/client';
import { classifyApiError } from '../gemini/errors';
import { readConnection } from '../n8n/credentials';

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
	try {
		const models = await (await createGeminiClient(connection)).listModels();
		const imageModels = models.filter(isImageModel).length;
		return {
			status: 'OK',
			message: `Connection successful: ${imageModels} image models available.`,
		};
	} catch (error) {
		const failure = classifyApiError(error, connection.apiKey);
		const status = failure.httpStatus ? ` (${failure.httpStatus})` : '';
		return { status: 'Error', message: `${failure.message}${status}. ${failure.hint}` };
	}
}
