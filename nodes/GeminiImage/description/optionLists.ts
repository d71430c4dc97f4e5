import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EXTREME_ASPECT_RATIOS, STANDARD_ASPECT_RATIOS } from '../gemini/models';

export const ASPECT_RATIO_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Let the Model Decide',
		value: 'auto',
		description: 'Follows the input image when editing',
	},
	...STANDARD_ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
	...EXTREME_ASPECT_RATIOS.map((ratio) => ({
		name: `${ratio} (Nano Banana 2 and 2.1)`,
		value: ratio,
	})),
];

const HARM_CATEGORIES: INodePropertyOptions[] = [
	{ name: 'Dangerous Content', value: 'HARM_CATEGORY_DANGEROUS_CONTENT' },
	{ name: 'Harassment', value: 'HARM_CATEGORY_HARASSMENT' },
	{ name: 'Hate Speech', value: 'HARM_CATEGORY_HATE_SPEECH' },
	{ name: 'Sexually Explicit', value: 'HARM_CATEGORY_SEXUALLY_EXPLICIT' },
];

const THRESHOLDS: INodePropertyOptions[] = [
	{ name: 'Block Low and Above', value: 'BLOCK_LOW_AND_ABOVE' },
	{ name: 'Block Medium and Above', value: 'BLOCK_MEDIUM_AND_ABOVE' },
	{ name: 'Block None', value: 'BLOCK_NONE' },
	{ name: 'Block Only High', value: 'BLOCK_ONLY_HIGH' },
	{ name: 'Off', value: 'OFF' },
];

/** Smallest to largest: the order reads as sizes. */
export const IMAGE_SIZE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Model Default (1K)', value: 'auto' },
	{ name: '512', value: '512', description: 'Nano Banana 2 only' },
	{ name: '1K', value: '1K' },
	{ name: '2K', value: '2K', description: 'Nano Banana Pro, 2 and 2.1' },
	{ name: '4K', value: '4K', description: 'Nano Banana Pro, 2 and 2.1' },
];

export const THINKING_LEVEL_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Model Default', value: 'default' },
	{ name: 'Minimal', value: 'MINIMAL', description: 'Fastest (Nano Banana 2 and 2.1)' },
	{
		name: 'Medium',
		value: 'MEDIUM',
		description: 'Balanced (Nano Banana 2.1, its default)',
	},
	{ name: 'High', value: 'HIGH', description: 'Best for complex prompts' },
];

/** Google's harm categories, each with the threshold the user picks. */
export const SAFETY_SETTINGS: INodeProperties = {
	displayName: 'Safety Settings',
	name: 'safetySettings',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Safety Setting',
	options: [
		{
			displayName: 'Setting',
			name: 'setting',
			values: [
				{
					displayName: 'Category',
					name: 'category',
					type: 'options',
					options: HARM_CATEGORIES,
					default: 'HARM_CATEGORY_DANGEROUS_CONTENT',
				},
				{
					displayName: 'Threshold',
					name: 'threshold',
					type: 'options',
					options: THRESHOLDS,
					default: 'BLOCK_MEDIUM_AND_ABOVE',
				},
			],
		},
	],
};
