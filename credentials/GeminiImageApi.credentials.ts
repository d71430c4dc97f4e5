import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

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
			default: 'https://generativelanguage.googleapis.com',
			description:
				"Google's endpoint, or a gateway or proxy that speaks the same API (e.g. http://127.0.0.1:8787 for the local simulator)",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v1beta',
			description:
				'Path segment after the Base URL. Image options are documented on v1beta; keep it unless a gateway needs another.',
		},
	];

	// Lets the HTTP Request node reuse this credential; the key travels as a header, never in the URL.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-goog-api-key': '={{$credentials.apiKey}}' } },
	};
}
