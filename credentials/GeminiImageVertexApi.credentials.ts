import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_VERTEX_API_VERSION,
	DEFAULT_VERTEX_LOCATION,
} from '../nodes/GeminiImage/gemini/connection/endpoint';

/** Vertex AI on Google Cloud: a service account's JSON key, or an express-mode API key. */
export class GeminiImageVertexApi implements ICredentialType {
	name = 'geminiImageVertexApi';

	displayName = 'Gemini Image (Vertex AI) API';

	documentationUrl = 'https://github.com/n8n-nodes-gemini-image/n8n-nodes-gemini-image#vertex-ai';

	icon = 'file:../nodes/GeminiImage/gemini-image.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Sign In With',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Service Account (JSON Key)',
					value: 'serviceAccount',
					description: 'A key of a service account with the Vertex AI User role',
				},
				{
					name: 'Express Mode (API Key)',
					value: 'expressKey',
					description: 'A Vertex AI API key of express mode (no project or location needed)',
				},
			],
			default: 'serviceAccount',
		},
		{
			displayName: 'Service Account Key (JSON)',
			name: 'serviceAccountKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['serviceAccount'] } },
			description:
				'The whole JSON key file of the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON). Tokens come from its token_uri.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['expressKey'] } },
			description: 'A Vertex AI express-mode API key, sent in the x-goog-api-key header',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			placeholder: 'e.g. my-project-123',
			displayOptions: { show: { authType: ['serviceAccount'] } },
			description: "The Google Cloud project billed. Empty: the key's own project_id.",
		},
		{
			displayName: 'Location',
			name: 'location',
			type: 'string',
			default: DEFAULT_VERTEX_LOCATION,
			displayOptions: { show: { authType: ['serviceAccount'] } },
			description:
				'Where the model runs: global (where Gemini 3 image models are served) or a region such as us-central1',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://aiplatform.googleapis.com',
			description:
				"Empty: Google's endpoint for the location. Set it for a Private Service Connect endpoint or a proxy. Without a version path.",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_VERTEX_API_VERSION,
			description: 'Path segment after the Base URL; the image options are on v1beta1',
		},
	];
}
