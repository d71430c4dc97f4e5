import type { IExecuteFunctions } from 'n8n-workflow';

import { listForModel } from '../description/modelChoices';
import { promptProperty } from '../description/prompt';
import { showFor } from '../description/show';
import type { SearchType } from '../gemini/catalogue/settings';
import { ConversationBuilder } from '../n8n/turns';
import type { ImageOperation } from './types';

const SEARCH_TYPES: Record<string, SearchType[]> = {
	web: ['web'],
	image: ['image'],
	webAndImage: ['web', 'image'],
};

function readSearchTypes(context: IExecuteFunctions, itemIndex: number): SearchType[] {
	const value = String(context.getNodeParameter('searchTypes', itemIndex, 'web'));
	return SEARCH_TYPES[value] ?? SEARCH_TYPES.web;
}

export const generateWithSearchOperation: ImageOperation = {
	value: 'generateWithSearch',
	name: 'Generate with Google Search',
	description:
		'Create an image grounded in live Google Search results (weather, scores, news), with its sources',
	action: 'Generate an image grounded in Google Search',
	properties: [
		promptProperty(
			'generateWithSearch',
			'What the image should show; facts in it are looked up with Google Search',
			"e.g. An infographic of this week's weather forecast for Lisbon",
		),
		{
			displayName: 'Search Types',
			name: 'searchTypes',
			type: 'options',
			typeOptions: listForModel('searchTypes'),
			// The list is loaded per model, and its "let the model decide" entry is always in it.
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
			default: 'web',
			description:
				'What Google searches to ground the image. The sources of each come back in the output.',
			displayOptions: showFor(['generateWithSearch']),
		},
	],
	modelFrom: 'parameter',
	grounded: true,
	batchable: true,
	async prepare(context, itemIndex, prompt) {
		return {
			conversation: ConversationBuilder.fromPrompt(prompt),
			searchTypes: readSearchTypes(context, itemIndex),
			referenceRoles: [],
		};
	},
};
