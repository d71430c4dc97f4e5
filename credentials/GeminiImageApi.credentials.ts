import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_API_VERSION,
	DEFAULT_BASE_URL,
} from '../nodes/GeminiImage/gemini/connection/endpoint';

export class GeminiImageApi implements ICredentialType {
	name = 'geminiImageApi';

	displayName = 'Gemini Image API';

	documentationUrl = 'https://ai.google.dev/gemini-api/docs/api-key';

	icon = 'file:../nodes/GeminiImage/gemini-image.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Gemini API key from https://aistudio.google.com/apikey',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				"Google's endpoint, or a gateway or proxy that speaks the same API. Without a version path: that is the next field.",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_API_VERSION,
			description:
				'Path segment after the Base URL. Image options are documented on v1beta; keep it unless a gateway needs another.',
		},
	];
}
