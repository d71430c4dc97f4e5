import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { createGeminiClient, isImageModel } from '../gemini/connection/client';
import type { GeminiConnection } from '../gemini/connection/endpoint';
import { findConnectionProblem, secretsOf } from '../gemini/connection/endpoint';
import type { ApiFailure } from '../gemini/failures/errors';
import { classifyApiError } from '../gemini/failures/errors';
import {
	DEFAULT_MODEL,
	MODEL_CAPABILITIES,
	modelListName,
	normalizeModelId,
} from '../gemini/catalogue/models';
import { findRetiredModel } from '../gemini/catalogue/retired';
import { explainForVertex } from '../gemini/connection/vertexHints';
import { readConnection, VERTEX_CREDENTIAL_NAME } from '../n8n/credentials';

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

function failureMessage(error: unknown, connection: GeminiConnection): string {
	const vertex = connection.vertex;
	const classified = classifyApiError(error, secretsOf(connection));
	const failure = vertex ? explainForVertex(classified, vertex) : classified;
	const status = failure.httpStatus ? ` [HTTP ${failure.httpStatus}]` : '';
	return `${failure.message.replace(/\.$/, '')}${status}. ${failure.hint}`;
}

/** The image models of the table Google still serves. */
function currentImageModels(): string[] {
	return MODEL_CAPABILITIES.filter((model) => !findRetiredModel(model.family)).map(
		(model) => model.family,
	);
}

/**
 * Signs in (a service account's token, or the express-mode key), lists the image models (not
 * with an express key: Vertex AI refuses it that), then counts the tokens of a word with the
 * default model inside the project and location: listing is not scoped to a project, so only
 * that call finds a wrong Project ID, a missing role or a location without the model.
 * Counting tokens is free.
 */
export async function geminiImageVertexTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const connection = readConnection(credential.data ?? {}, VERTEX_CREDENTIAL_NAME);
	const vertex = connection.vertex;
	if (!vertex) return { status: 'Error', message: 'Not a Vertex AI credential.' };
	if (!vertex.serviceAccount && !vertex.keyProblem && !connection.apiKey) {
		return { status: 'Error', message: 'The express-mode API key is empty.' };
	}
	const problem = findConnectionProblem(connection);
	if (problem) return { status: 'Error', message: `${problem.message}. ${problem.hint}` };
	const client = await createGeminiClient(connection);
	// Express-mode keys may not list models (Vertex AI answers 401): the table's models then.
	let imageModels = currentImageModels();
	if (vertex.serviceAccount) {
		try {
			imageModels = (await client.listModels())
				.filter(isImageModel)
				.map((model) => normalizeModelId(model.name ?? ''));
		} catch (error) {
			return {
				status: 'Error',
				message: `Could not list models: ${failureMessage(error, connection)}`,
			};
		}
	}
	const model = imageModels.includes(DEFAULT_MODEL)
		? DEFAULT_MODEL
		: (imageModels[0] ?? DEFAULT_MODEL);
	try {
		await client.countTokens(model, 'test');
	} catch (error) {
		const scope = vertex.serviceAccount
			? `Signed in, but project "${vertex.project}" (location ${vertex.location}) refused a request`
			: 'The express-mode key was refused';
		return { status: 'Error', message: `${scope}: ${failureMessage(error, connection)}` };
	}
	const where = vertex.serviceAccount
		? ` in project ${vertex.project}, location ${vertex.location}`
		: ' (express mode)';
	const listed = vertex.serviceAccount
		? `${imageModels.length} image models available`
		: `${modelListName(model)} answers`;
	return { status: 'OK', message: `Connection successful${where}: ${listed}.` };
}
