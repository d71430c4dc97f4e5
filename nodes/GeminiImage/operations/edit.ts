import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { promptProperty } from '../description/prompt';
import { showFor } from '../description/show';
import type { InputImage } from '../n8n/inputImages';
import { readInputImage, splitPropertyNames } from '../n8n/inputImages';
import { readInputReference } from '../n8n/inputReferences';
import { ConversationBuilder } from '../n8n/turns';
import { cloudImagesProperty, readCloudImagesOf } from './cloudImages';
import type { ImageOperation } from './types';

const PARAMETER = 'Input Binary Properties';
const MASK_PARAMETER = 'Mask Binary Property';

/** How the mask is introduced to the model, right before it. */
export const MASK_INSTRUCTION =
	'The next image is a mask for the first image: change only the region that is white in the mask and keep everything that is black in the mask exactly as it is.';

const show = showFor(['edit']);

/** The mask must cover the image pixel for pixel, or "the white region" means nothing. */
function checkMaskSize(
	context: IExecuteFunctions,
	itemIndex: number,
	image: InputImage,
	mask: InputImage,
): void {
	if (image.width === mask.width && image.height === mask.height) return;
	const size = (of: InputImage) => `${of.width ?? '?'}x${of.height ?? '?'}`;
	throw new NodeOperationError(
		context.getNode(),
		`The mask of item ${itemIndex} is ${size(mask)} but the image is ${size(image)}`,
		{
			itemIndex,
			description: `Parameter "${MASK_PARAMETER}" names "${mask.property}", which must have the size of "${image.property}". Export the mask at ${size(image)}.`,
		},
	);
}

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
			displayOptions: show,
		},
		{
			displayName: 'Mask Binary Property',
			name: 'maskBinaryProperty',
			type: 'string',
			default: '',
			placeholder: 'e.g. mask',
			description:
				'Optional: binary property holding a mask of the first image, the same size: white where the image may change, black where it must stay. Sent with the image and introduced to the model as its mask.',
			displayOptions: show,
		},
		cloudImagesProperty('edit'),
	],
	modelFrom: 'parameter',
	grounded: false,
	batchable: true,
	async prepare(context, itemIndex, prompt) {
		const names = splitPropertyNames(
			context.getNodeParameter('inputBinaryProperties', itemIndex, 'data'),
		);
		const cloud = readCloudImagesOf(context, itemIndex);
		if (names.length === 0 && cloud.length === 0) {
			throw new NodeOperationError(
				context.getNode(),
				`No input image is named for item ${itemIndex}`,
				{
					itemIndex,
					description: `Parameter "${PARAMETER}": name the binary property holding the image, usually "data".`,
				},
			);
		}
		const maskName = String(context.getNodeParameter('maskBinaryProperty', itemIndex, '')).trim();
		const images: InputImage[] = [];
		for (const name of names)
			images.push(await readInputReference(context, itemIndex, name, PARAMETER));
		const mask = maskName
			? await readInputImage(context, itemIndex, maskName, MASK_PARAMETER)
			: undefined;
		// A mask marks pixels of an image; a video or PDF has none to mark.
		if (mask && images.length > 0 && !images[0].kind) {
			checkMaskSize(context, itemIndex, images[0], mask);
		}

		const conversation = ConversationBuilder.fromPrompt(prompt);
		for (const image of images) conversation.addInputReference(image, itemIndex);
		for (const file of cloud) conversation.addCloudImage(file);
		if (mask) conversation.addPart({ text: MASK_INSTRUCTION }).addInputImage(mask);
		return {
			conversation,
			referenceRoles: [...images, ...cloud, ...(mask ? [mask] : [])].map(() => undefined),
			referenceLabels: {
				images: mask ? `${PARAMETER} and ${MASK_PARAMETER}` : PARAMETER,
				roles: PARAMETER,
			},
		};
	},
};
