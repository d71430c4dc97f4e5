import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

import { EXTREME_ASPECT_RATIOS, STANDARD_ASPECT_RATIOS } from '../gemini/models';

const aspectRatioOptions: INodePropertyOptions[] = [
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

/** The generation settings every operation shares. */
export const generationOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Aspect Ratio',
			name: 'aspectRatio',
			type: 'options',
			options: aspectRatioOptions,
			default: 'auto',
			description:
				'Shape of the image. 1:4, 4:1, 1:8 and 8:1 need Nano Banana 2.1 (or Nano Banana 2).',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. product-shot',
			description:
				'Name of the image file. Empty: made from the prompt. The extension always follows the real image type.',
		},
		{
			displayName: 'Image Size',
			name: 'imageSize',
			type: 'options',
			// Listed smallest to largest rather than alphabetically, so the order reads as sizes.
			// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items
			options: [
				{ name: 'Model Default (1K)', value: 'auto' },
				{ name: '512', value: '512', description: 'Nano Banana 2 only' },
				{ name: '1K', value: '1K' },
				{ name: '2K', value: '2K', description: 'Nano Banana Pro, 2 and 2.1' },
				{ name: '4K', value: '4K', description: 'Nano Banana Pro, 2 and 2.1' },
			],
			default: 'auto',
			description: 'Resolution of the image (1K is about 1024 pixels on the long side)',
		},
		{
			displayName: 'Images Output',
			name: 'imagesOutput',
			type: 'options',
			options: [
				{
					name: 'One Item per Image',
					value: 'separateItems',
					description: 'Each image its own item, ready for a storage node',
				},
				{
					name: 'All Images in One Item',
					value: 'oneItem',
					description: 'Binary properties data, data_2, data_3 …',
				},
			],
			default: 'separateItems',
			description: 'How several images of one input item are output',
		},
		{
			displayName: 'Include Thoughts',
			name: 'includeThoughts',
			type: 'boolean',
			default: false,
			description:
				"Whether to output the model's thinking (text and interim images) apart from the answer. Gemini 3 models only.",
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'Retries of a request that failed for a passing reason (429, 500, 502, 503, 504, timeouts, network). A 429 waits what Google asks; a refusal or a bad setting is never retried.',
		},
		{
			displayName: 'Number of Images',
			name: 'numberOfImages',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 8 },
			default: 1,
			description: 'How many images to make for each item (one request each, sent in parallel)',
		},
		{
			displayName: 'Output Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the made image is written to',
		},
		{
			displayName: 'Output Content',
			name: 'responseModalities',
			type: 'options',
			options: [
				{
					name: 'Image and Text',
					value: 'TEXT_AND_IMAGE',
					description: 'The model may explain itself, including why it refused',
				},
				{ name: 'Image Only', value: 'IMAGE' },
			],
			default: 'TEXT_AND_IMAGE',
		},
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description:
				'How many requests run at once across all items and images. Keep it within your Gemini quota (images per minute).',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 10 },
			default: 300,
			description: 'Longest wait for one answer; 4K images on Nano Banana Pro can take two minutes',
		},
		{
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
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: 0,
			description: 'Same seed and prompt give similar images (best effort). 0: random.',
		},
		{
			displayName: 'System Instruction',
			name: 'systemInstruction',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Standing instructions for the model, e.g. a house style',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
			default: 1,
			description: 'Randomness: lower is more literal, higher more varied',
		},
		{
			displayName: 'Thinking Level',
			name: 'thinkingLevel',
			type: 'options',
			options: [
				{ name: 'Model Default', value: 'default' },
				{ name: 'Minimal', value: 'MINIMAL', description: 'Fastest (Nano Banana 2 and 2.1)' },
				{
					name: 'Medium',
					value: 'MEDIUM',
					description: 'Balanced (Nano Banana 2.1, its default)',
				},
				{ name: 'High', value: 'HIGH', description: 'Best for complex prompts' },
			],
			default: 'default',
			description:
				'How much the model reasons before drawing. Nano Banana Pro, 2 and 2.1 (Pro always thinks at High).',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.95,
			description: 'Nucleus sampling: the share of probability mass considered',
		},
	],
};

const SIMPLIFY_DESCRIPTION =
	"Whether to leave out what a storage node does not need: token usage, the model's version and the response ID";

/** On for new nodes (1.1); version 1 nodes keep the full output they were made with. */
export const simplifyProperties: INodeProperties[] = [
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
];
