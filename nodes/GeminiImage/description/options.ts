import type { INodeProperties } from 'n8n-workflow';

import { NUMBER_OF_IMAGES } from '../n8n/limits';
import { listForModel } from './modelChoices';
import { SAFETY_SETTINGS } from './optionLists';
import { RUN_OPTIONS } from './runOptions';
import { VERTEX_IMAGE_OPTIONS } from './vertexOptions';

function sortedByName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The generation settings every operation shares. */
export const generationOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	// Generation settings and run settings, one list in the UI, sorted by name.
	options: sortedByName([
		{
			displayName: 'Aspect Ratio',
			name: 'aspectRatio',
			type: 'options',
			typeOptions: listForModel('aspectRatios'),
			// The list is loaded per model, and its "let the model decide" entry is always in it.
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
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
			typeOptions: listForModel('imageSizes'),
			// The list is loaded per model, and its "let the model decide" entry is always in it.
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
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
			displayName: 'Number of Images',
			name: 'numberOfImages',
			type: 'number',
			typeOptions: { minValue: NUMBER_OF_IMAGES.min, maxValue: NUMBER_OF_IMAGES.max },
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
				{
					name: 'Image Only',
					value: 'IMAGE',
					description: 'On generateContent; the Interactions API always allows the model text',
				},
			],
			default: 'TEXT_AND_IMAGE',
		},
		SAFETY_SETTINGS,
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
			typeOptions: listForModel('thinkingLevels'),
			// The list is loaded per model, and its "let the model decide" entry is always in it.
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
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
		...RUN_OPTIONS,
		...VERTEX_IMAGE_OPTIONS,
	]),
};
