import type { INodeProperties } from 'n8n-workflow';

/** Which credential the node uses: the Gemini API's key, or Vertex AI on Google Cloud. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Gemini API (API Key)',
			value: 'apiKey',
			description: 'A key from Google AI Studio',
		},
		{
			name: 'Vertex AI (Google Cloud)',
			value: 'vertexAi',
			description:
				"A service account or an express-mode key: your project's quota, billing and location",
		},
	],
	default: 'apiKey',
};

/** Shown with Vertex AI only (inside a collection: the path is from the node's root). */
export const ON_VERTEX = { show: { '/authentication': ['vertexAi'] } };
/** Hidden with Vertex AI. */
export const NOT_ON_VERTEX = { hide: { '/authentication': ['vertexAi'] } };
