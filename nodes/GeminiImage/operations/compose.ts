import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listForModel } from '../description/modelChoices';
import { promptProperty } from '../description/prompt';
import { showFor } from '../description/show';
import { readInputReference } from '../n8n/inputReferences';
import { ConversationBuilder } from '../n8n/turns';
import {
	describeReference,
	listReferences,
	readSource,
	referenceLabelsFor,
} from './composeReferences';
import { cloudImagesProperty, readCloudImagesOf } from './cloudImages';
import type { ImageOperation } from './types';

const show = (also = {}) => showFor(['compose'], also);

const properties: INodeProperties[] = [
	promptProperty(
		'compose',
		'How to combine the references; name them as "image 1", "image 2" … or by their labels',
		'e.g. Put the person of image 2 in the room of image 1',
	),
	{
		displayName: 'References From',
		name: 'referenceSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Named Binary Properties',
				value: 'namedProperties',
				description: 'Listed below, each with an optional role and label',
			},
			{
				name: 'All Binary Properties of the Item',
				value: 'allProperties',
				description: 'Every image the item holds',
			},
			{
				name: 'All Input Items (One Request)',
				value: 'allItems',
				description:
					'Every image of every input item goes into one request, e.g. a folder of photos; the prompt comes from the first item',
			},
		],
		default: 'namedProperties',
		displayOptions: show(),
	},
	{
		displayName: 'References',
		name: 'references',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: { reference: [{ binaryProperty: 'data', role: 'none', label: '' }] },
		placeholder: 'Add Reference',
		displayOptions: show({ referenceSource: ['namedProperties'] }),
		options: [
			{
				displayName: 'Reference',
				name: 'reference',
				values: [
					{
						displayName: 'Binary Property',
						name: 'binaryProperty',
						type: 'string',
						default: 'data',
						description: 'Binary property of the item holding the image',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'e.g. Anna',
						description: 'A short name the prompt can use for this image',
					},
					{
						displayName: 'Role',
						name: 'role',
						type: 'options',
						typeOptions: listForModel('referenceRoles'),
						// The list is loaded per model, and its "let the model decide" entry is always in it.
						// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
						default: 'none',
					},
				],
			},
		],
	},
	{
		displayName: 'Role of Every Image',
		name: 'defaultRole',
		type: 'options',
		typeOptions: listForModel('referenceRoles'),
		// The list is loaded per model, and its "let the model decide" entry is always in it.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
		default: 'none',
		displayOptions: show({ referenceSource: ['allProperties', 'allItems'] }),
	},
	cloudImagesProperty('compose'),
];

export const composeOperation: ImageOperation = {
	value: 'compose',
	name: 'Compose From References',
	description: 'Combine up to 14 reference images (objects, people, styles) into a new image',
	action: 'Compose an image from reference images',
	properties,
	modelFrom: 'parameter',
	grounded: false,
	batchable: true,
	// Every input item stands behind one combined result, the first one's prompt included.
	combinesItems: (context) => readSource(context, 0) === 'allItems',
	async prepare(context, itemIndex, prompt) {
		const source = readSource(context, itemIndex);
		const specs = listReferences(context, itemIndex, source);
		const cloud = readCloudImagesOf(context, itemIndex);
		if (specs.length === 0 && cloud.length === 0) {
			throw new NodeOperationError(context.getNode(), `No reference images for item ${itemIndex}`, {
				itemIndex,
				description:
					'Parameter "References From": the item(s) hold no binary data. Read the images first, or add references.',
			});
		}
		const conversation = ConversationBuilder.fromPrompt(prompt);
		for (const [index, spec] of specs.entries()) {
			const image = await readInputReference(
				context,
				spec.itemIndex,
				spec.property,
				spec.parameter,
			);
			conversation.addPart({ text: describeReference(index + 1, spec) });
			conversation.addInputReference(image, spec.itemIndex);
		}
		for (const [index, file] of cloud.entries()) {
			conversation.addPart({ text: `Image ${specs.length + index + 1}:` }).addCloudImage(file);
		}
		return {
			conversation,
			referenceRoles: [...specs.map((spec) => spec.role), ...cloud.map(() => undefined)],
			referenceLabels: referenceLabelsFor(source),
		};
	},
};
