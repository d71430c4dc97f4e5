import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { GeminiConnection } from '../gemini/connection/endpoint';
import { toConnection, toVertexConnection } from '../gemini/connection/endpoint';

/** The Gemini API credential (an API key). */
export const CREDENTIAL_NAME = 'geminiImageApi';
/** The Vertex AI credential (a service account, or an express-mode key). */
export const VERTEX_CREDENTIAL_NAME = 'geminiImageVertexApi';

/** The node's Authentication choice: which of the two credentials it uses. */
export type Authentication = 'apiKey' | 'vertexAi';

export function credentialNameFor(authentication: unknown): string {
	return authentication === 'vertexAi' ? VERTEX_CREDENTIAL_NAME : CREDENTIAL_NAME;
}

export function readConnection(
	credentials: ICredentialDataDecryptedObject,
	credentialName = CREDENTIAL_NAME,
): GeminiConnection {
	return credentialName === VERTEX_CREDENTIAL_NAME
		? toVertexConnection(credentials)
		: toConnection(credentials);
}

/** The node's Authentication, in an execution or an editor call (the Gemini API if unset). */
function authenticationOf(context: IExecuteFunctions | ILoadOptionsFunctions): unknown {
	try {
		return 'getCurrentNodeParameter' in context
			? context.getCurrentNodeParameter('authentication')
			: context.getNodeParameter('authentication', 0, 'apiKey');
	} catch {
		return 'apiKey';
	}
}

/** The connection of the node's credential, for an execution or an editor call. */
export async function loadConnection(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<GeminiConnection> {
	const name = credentialNameFor(authenticationOf(context));
	return readConnection(await context.getCredentials(name), name);
}
