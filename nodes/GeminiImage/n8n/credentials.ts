import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { GeminiConnection } from '../gemini/client';
import { DEFAULT_API_VERSION, normalizeBaseUrl } from '../gemini/client';

export interface GeminiImageCredentials extends ICredentialDataDecryptedObject {
	apiKey: string;
	baseUrl: string;
	apiVersion: string;
}

export function readConnection(credentials: ICredentialDataDecryptedObject): GeminiConnection {
	return {
		apiKey: String(credentials.apiKey ?? '').trim(),
		baseUrl: normalizeBaseUrl(credentials.baseUrl as string | undefined),
		apiVersion: String(credentials.apiVersion ?? '').trim() || DEFAULT_API_VERSION,
	};
}
