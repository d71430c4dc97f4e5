import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import { promptProperty } from './generate';
import type { ImageOperation } from './types';

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
	],
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const conversation = new ConversationBuilder().startTurn('user').addPart({ text: prompt });
		return { prompt, conversation, googleSearch: true, referenceRoles: [] };
	},
};
