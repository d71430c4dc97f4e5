import type { IExecuteFunctions } from 'n8n-workflow';

import type { SearchType } from '../gemini/settings';
import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import { promptProperty } from './generate';
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
			options: [
				{
					name: 'Web',
					value: 'web',
					description: 'Facts from web pages (every grounding model)',
				},
				{
					name: 'Images',
					value: 'image',
					description:
						'Pictures from Google Image Search as visual references (Nano Banana 2 and 2.1)',
				},
				{
					name: 'Web and Images',
					value: 'webAndImage',
					description: 'Both (Nano Banana 2 and 2.1)',
				},
			],
			default: 'web',
			description:
				'What Google searches to ground the image. The sources of each come back in the output.',
			displayOptions: { show: { operation: ['generateWithSearch'] } },
		},
	],
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const conversation = new ConversationBuilder().startTurn('user').addPart({ text: prompt });
		return {
			prompt,
			conversation,
			googleSearch: true,
			searchTypes: readSearchTypes(context, itemIndex),
			referenceRoles: [],
		};
	},
};
