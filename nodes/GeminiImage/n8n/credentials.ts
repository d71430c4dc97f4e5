import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { GeminiConnection } from '../gemini/endpoint';
import { toConnection } from '../gemini/endpoint';

/** The credential type every part of the node reads its connection from. */
export const CREDENTIAL_NAME = 'geminiImageApi';

export function readConnection(credentials: ICredentialDataDecryptedObject): GeminiConnection {
	return toConnection(credentials);
}

/** The connection of the node's credential, for an execution or an editor call. */
export async function loadConnection(context: {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}): Promise<GeminiConnection> {
	return readConnection(await context.getCredentials(CREDENTIAL_NAME));
}
