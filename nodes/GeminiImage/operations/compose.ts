import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ReferenceRole } from '../gemini/models';
import type { ReferenceParameters } from '../gemini/settings';
import { NAMED_REFERENCE_PARAMETERS } from '../gemini/settings';
import type { InputImage } from '../n8n/inputImages';
import { binaryPropertiesOf, readInputImage } from '../n8n/inputImages';
import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import { promptProperty } from './generate';
import type { ImageOperation } from './types';

type RoleChoice = ReferenceRole | 'none';

interface ReferenceSpec {
	itemIndex: number;
	property: string;
	role?: ReferenceRole;
	label?: string;
	parameter: string;
}

const show = (extra: IDataObject = {}) => ({ show: { operation: ['compose'], ...extra } });

const roleOptions = [
	{ name: 'Unspecified', value: 'none' },
	{ name: 'Object', value: 'object', description: 'A thing to include faithfully' },
	{ name: 'Character / Person', value: 'character', description: 'Someone to keep consistent' },
	{ name: 'Style', value: 'style', description: 'A look to follow' },
];

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
						options: roleOptions,
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
		options: roleOptions,
		default: 'none',
		displayOptions: show({ referenceSource: ['allProperties', 'allItems'] }),
	},
];

function roleOf(choice: unknown): ReferenceRole | undefined {
	return choice === 'object' || choice === 'character' || choice === 'style' ? choice : undefined;
}

type ReferenceSource = 'namedProperties' | 'allProperties' | 'allItems';

/** Images of all properties or items share one role, set apart from the named references. */
const ALL_IMAGES_PARAMETERS: ReferenceParameters = {
	images: 'References From',
	roles: 'Role of Every Image',
};

function readSource(context: IExecuteFunctions, itemIndex: number): ReferenceSource {
	const source = context.getNodeParameter('referenceSource', itemIndex, 'namedProperties');
	return source === 'allProperties' || source === 'allItems' ? source : 'namedProperties';
}

function listReferences(
	context: IExecuteFunctions,
	itemIndex: number,
	source: ReferenceSource,
): ReferenceSpec[] {
	if (source === 'namedProperties') {
		const collection = context.getNodeParameter('references', itemIndex, {}) as {
			reference?: Array<{ binaryProperty?: string; role?: RoleChoice; label?: string }>;
		};
		return (collection.reference ?? []).map((entry, index) => ({
			itemIndex,
			property: String(entry.binaryProperty ?? '').trim(),
			role: roleOf(entry.role),
			label: entry.label?.trim() || undefined,
			parameter: `References > Reference ${index + 1} > Binary Property`,
		}));
	}
	const role = roleOf(context.getNodeParameter('defaultRole', itemIndex, 'none'));
	const items =
		source === 'allItems' ? context.getInputData().map((_, index) => index) : [itemIndex];
	return items.flatMap((index) =>
		binaryPropertiesOf(context, index).map((property) => ({
			itemIndex: index,
			property,
			role,
			parameter: 'References From',
		})),
	);
}

function describeReference(number: number, spec: ReferenceSpec): string {
	const detail = [spec.role, spec.label].filter(Boolean).join(': ');
	return `Image ${number}${detail ? ` (${detail})` : ''}:`;
}

export const composeOperation: ImageOperation = {
	value: 'compose',
	name: 'Compose From References',
	description: 'Combine up to 14 reference images (objects, people, styles) into a new image',
	action: 'Compose an image from reference images',
	properties,
	combinesItems: (context) => context.getNodeParameter('referenceSource', 0) === 'allItems',
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const source = readSource(context, itemIndex);
		const specs = listReferences(context, itemIndex, source);
		if (specs.length === 0) {
			throw new NodeOperationError(context.getNode(), `No reference images for item ${itemIndex}`, {
				itemIndex,
				description:
					'Parameter "References From": the item(s) hold no binary data. Read the images first, or add references.',
			});
		}
		const conversation = new ConversationBuilder().startTurn('user').addPart({ text: prompt });
		for (const [index, spec] of specs.entries()) {
			const image: InputImage = await readInputImage(
				context,
				spec.itemIndex,
				spec.property,
				spec.parameter,
			);
			conversation.addPart({ text: describeReference(index + 1, spec) });
			conversation.addInputImage(image);
		}
		return {
			prompt,
			conversation,
			googleSearch: false,
			referenceRoles: specs.map((spec) => spec.role),
			referenceParameters:
				source === 'namedProperties' ? NAMED_REFERENCE_PARAMETERS : ALL_IMAGES_PARAMETERS,
			// Every input item stands behind one combined result, the first one's prompt included.
			pairedItems:
				source === 'allItems' ? context.getInputData().map((_, index) => index) : undefined,
		};
	},
};
