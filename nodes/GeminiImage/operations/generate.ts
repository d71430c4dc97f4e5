import type { INodeProperties } from 'n8n-workflow';

import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import type { ImageOperation } from './types';

export function promptProperty(
	operation: string,
	description: string,
	placeholder = 'e.g. A watercolour of a lighthouse at dawn, soft pastel light',
): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder,
		description,
		displayOptions: { show: { operation: [operation] } },
	};
}

export const generateOperation: ImageOperation = {
	value: 'generate',
	name: 'Generate',
	description: 'Create an image from a text prompt',
	action: 'Generate an image',
	properties: [promptProperty('generate', 'What the image should show')],
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const conversation = new ConversationBuilder().startTurn('user').addPart({ text: prompt });
		return { prompt, conversation, googleSearch: false, referenceRoles: [] };
	},
};
