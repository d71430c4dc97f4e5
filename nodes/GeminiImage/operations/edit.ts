import { NodeOperationError } from 'n8n-workflow';

import { readInputImage, splitPropertyNames } from '../n8n/inputImages';
import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import { promptProperty } from './generate';
import type { ImageOperation } from './types';

const PARAMETER = 'Input Binary Properties';

export const editOperation: ImageOperation = {
	value: 'edit',
	name: 'Edit',
	description: 'Change an image with a text instruction (add, remove, restyle)',
	action: 'Edit an image',
	properties: [
		promptProperty('edit', 'What to change in the image', 'e.g. Add a sunset background'),
		{
			displayName: 'Input Binary Properties',
			name: 'inputBinaryProperties',
			type: 'string',
			default: 'data',
			required: true,
			placeholder: 'e.g. data, photo2',
			description:
				'Binary properties of the item holding the image(s) to edit, separated by commas. The aspect ratio follows the first image unless set in the options.',
			displayOptions: { show: { operation: ['edit'] } },
		},
	],
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const names = splitPropertyNames(
			context.getNodeParameter('inputBinaryProperties', itemIndex, 'data'),
		);
		if (names.length === 0) {
			throw new NodeOperationError(
				context.getNode(),
				`No input image is named for item ${itemIndex}`,
				{
					itemIndex,
					description: `Parameter "${PARAMETER}": name the binary property holding the image, usually "data".`,
				},
			);
		}
		const conversation = new ConversationBuilder().startTurn('user').addPart({ text: prompt });
		for (const name of names) {
			const image = await readInputImage(context, itemIndex, name, PARAMETER);
			conversation.addImage(image.bytes, image.mimeType, image.binary);
		}
		return {
			prompt,
			conversation,
			googleSearch: false,
			referenceRoles: names.map(() => undefined),
			referenceParameters: { images: PARAMETER, roles: PARAMETER },
		};
	},
};
