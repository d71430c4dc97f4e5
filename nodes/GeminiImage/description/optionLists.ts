import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EXTREME_ASPECT_RATIOS, STANDARD_ASPECT_RATIOS } from '../gemini/catalogue/models';

/** Which models an option is for, said in the full lists (a model's own list leaves it out). */
type Remarks = Record<string, string>;

function remarked(
	options: INodePropertyOptions[],
	remarks: Remarks,
	where: 'name' | 'description',
): INodePropertyOptions[] {
	return options.map((option) => {
		const remark = remarks[String(option.value)];
		if (!remark) return option;
		if (where === 'name') return { ...option, name: `${option.name} (${remark})` };
		const description = option.description ? `${option.description} (${remark})` : remark;
		return { ...option, description };
	});
}

export const ASPECT_RATIO_CHOICES: INodePropertyOptions[] = [
	{
		name: 'Let the Model Decide',
		value: 'auto',
		description: 'Follows the input image when editing',
	},
	...[...STANDARD_ASPECT_RATIOS, ...EXTREME_ASPECT_RATIOS].map((ratio) => ({
		name: ratio,
		value: ratio,
	})),
];

export const ASPECT_RATIO_OPTIONS = remarked(
	ASPECT_RATIO_CHOICES,
	Object.fromEntries(EXTREME_ASPECT_RATIOS.map((ratio) => [ratio, 'Nano Banana 2 and 2.1'])),
	'name',
);

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
export const IMAGE_SIZE_CHOICES: INodePropertyOptions[] = [
	{ name: 'Model Default (1K)', value: 'auto' },
	{ name: '512', value: '512' },
	{ name: '1K', value: '1K' },
	{ name: '2K', value: '2K' },
	{ name: '4K', value: '4K' },
];

export const IMAGE_SIZE_OPTIONS = remarked(
	IMAGE_SIZE_CHOICES,
	{
		'512': 'Nano Banana 2 only',
		'2K': 'Nano Banana Pro, 2 and 2.1',
		'4K': 'Nano Banana Pro, 2 and 2.1',
	},
	'description',
);

export const THINKING_LEVEL_CHOICES: INodePropertyOptions[] = [
	{ name: 'Model Default', value: 'default' },
	{ name: 'Minimal', value: 'MINIMAL', description: 'Fastest' },
	{ name: 'Medium', value: 'MEDIUM', description: 'Balanced' },
	{ name: 'High', value: 'HIGH', description: 'Best for complex prompts' },
];

export const THINKING_LEVEL_OPTIONS = remarked(
	THINKING_LEVEL_CHOICES,
	{ MINIMAL: 'Nano Banana 2 and 2.1', MEDIUM: 'Nano Banana 2.1, its default' },
	'description',
);

export const SEARCH_TYPE_CHOICES: INodePropertyOptions[] = [
	{ name: 'Web', value: 'web', description: 'Facts from web pages' },
	{
		name: 'Images',
		value: 'image',
		description: 'Pictures from Google Image Search as visual references',
	},
	{ name: 'Web and Images', value: 'webAndImage', description: 'Both' },
];

export const SEARCH_TYPE_OPTIONS = remarked(
	SEARCH_TYPE_CHOICES,
	{
		web: 'every grounding model',
		image: 'Nano Banana 2 and 2.1',
		webAndImage: 'Nano Banana 2 and 2.1',
	},
	'description',
);

export const REFERENCE_ROLE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Unspecified', value: 'none' },
	{ name: 'Object', value: 'object', description: 'A thing to include faithfully' },
	{ name: 'Character / Person', value: 'character', description: 'Someone to keep consistent' },
	{ name: 'Style', value: 'style', description: 'A look to follow' },
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
