import type { INodeProperties } from 'n8n-workflow';

import { userTurn } from '../gemini/request';
import { readPrompt } from '../n8n/parameters';
import type { ImageOperation } from './types';

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. A watercolour of a lighthouse at dawn, soft pastel light',
		description: 'What the image should show',
		displayOptions: { show: { operation: ['generate'] } },
	},
];

export const generateOperation: ImageOperation = {
	value: 'generate',
	name: 'Generate',
	description: 'Create an image from a text prompt',
	action: 'Generate an image',
	properties,
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		return { prompt, contents: [userTurn(prompt)], googleSearch: false };
	},
};
