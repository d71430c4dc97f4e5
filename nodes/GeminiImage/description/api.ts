import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { GeminiApi } from '../gemini/catalogue/apis';
import { FROM_VERSION_1_2, UP_TO_VERSION_1_1 } from './show';

const API_CHOICES: ReadonlyArray<{ name: string; value: GeminiApi; description: string }> = [
	{
		name: 'Interactions (Google Keeps the Conversation)',
		value: 'interactions',
		description:
			"Google's recommended API: requests and answers are stored at Google, a conversation is an ID",
	},
	{
		name: 'generateContent (Nothing Stored)',
		value: 'generateContent',
		description:
			'Stateless: Google stores nothing, the conversation travels in the items with its images',
	},
];

const API_DESCRIPTION =
	'Interactions: Google stores each request and answer (paid tier 55 days, free tier 1 day, then deleted), so a Refine sends only an ID and its new instruction; Delete Conversation removes them sooner. generateContent: nothing is stored; the conversation travels in the items, images included.';

function apiProperty(
	defaultApi: GeminiApi,
	versions: IDisplayOptions,
	shownFor: string[],
): INodeProperties {
	return {
		displayName: 'API',
		name: 'api',
		type: 'options',
		noDataExpression: true,
		options: API_CHOICES.map(({ name, value, description }) => ({ name, value, description })),
		default: defaultApi,
		description: API_DESCRIPTION,
		// Batch jobs are generateContent's alone, and Vertex AI has no Interactions API.
		displayOptions: {
			show: { ...versions.show, operation: shownFor, runAs: ['live'] },
			hide: { authentication: ['vertexAi'] },
		},
	};
}

/**
 * Which of Google's APIs an operation starting a conversation uses. New nodes (1.2) use the
 * Interactions API, as Google recommends; saved nodes keep generateContent, as they were made.
 */
export function apiProperties(shownFor: string[]): INodeProperties[] {
	return [
		apiProperty('generateContent', UP_TO_VERSION_1_1, shownFor),
		apiProperty('interactions', FROM_VERSION_1_2, shownFor),
	];
}
