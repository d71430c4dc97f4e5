import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Conversation } from '../gemini/conversation';
import { keepLastExchanges, locateConversation, parseConversation } from '../gemini/conversation';
import { binaryPropertiesOf, readInputImage } from '../n8n/inputImages';
import { readPrompt } from '../n8n/parameters';
import { ConversationBuilder } from '../n8n/turns';
import { promptProperty } from './generate';
import type { ImageOperation } from './types';

const show = { show: { operation: ['refine'] } };
const CONVERSATION_PARAMETER = 'Conversation Field';

function readField(json: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			json,
		);
}

async function readConversation(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<Conversation> {
	const field = String(
		context.getNodeParameter('conversationField', itemIndex, 'conversation'),
	).trim();
	const fail = (problem: string) =>
		new NodeOperationError(
			context.getNode(),
			`Cannot continue the conversation of item ${itemIndex}: ${problem}`,
			{
				itemIndex,
				description: `Parameter "Conversation Field" reads "${field}". Connect Refine after a Gemini Image node (or a node that kept its "${field}" field and binary data), or point the field at where the conversation was saved.`,
			},
		);
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const location = locateConversation(readField(json, field));
	if (!location.ok) throw fail(location.problem);
	let turns: unknown;
	if ('inline' in location) turns = location.inline;
	else {
		const property = location.reference.binaryProperty;
		if (!binaryPropertiesOf(context, itemIndex).includes(property)) {
			throw fail(
				`its turns are kept in binary property "${property}", which the item does not have`,
			);
		}
		const text = (await context.helpers.getBinaryDataBuffer(itemIndex, property)).toString('utf8');
		try {
			turns = JSON.parse(text);
		} catch {
			throw fail(`binary property "${property}" does not hold the conversation's JSON`);
		}
	}
	const check = parseConversation(turns);
	if (!check.ok) throw fail(check.problem);
	return check.conversation;
}

export const refineOperation: ImageOperation = {
	value: 'refine',
	name: 'Refine',
	description:
		'Continue a conversation from an earlier Gemini Image node: change its last image with a new instruction',
	action: 'Refine an image in conversation',
	properties: [
		promptProperty(
			'refine',
			"The next change to the conversation's last image",
			'e.g. Now make the text Spanish',
		),
		{
			displayName: 'Conversation Field',
			name: 'conversationField',
			type: 'string',
			default: 'conversation',
			description:
				"Field of the input item holding the conversation (every Gemini Image node outputs one). Its images are read from the same item's binary properties.",
			displayOptions: show,
		},
		{
			displayName: 'Earlier Exchanges to Send',
			name: 'maxExchanges',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'How many earlier request/answer pairs to resend, newest first; 0 sends them all. Every exchange resends its images, so fewer keeps requests small.',
			displayOptions: show,
		},
	],
	async prepare(context, itemIndex) {
		const prompt = readPrompt(context, itemIndex);
		const conversation = await readConversation(context, itemIndex);
		const exchanges = Number(context.getNodeParameter('maxExchanges', itemIndex, 0)) || 0;
		const turns = keepLastExchanges(conversation.turns, exchanges);
		const available = binaryPropertiesOf(context, itemIndex);
		const builder = new ConversationBuilder();

		for (const [turnIndex, turn] of turns.entries()) {
			builder.startTurn(turn.role);
			for (const [partIndex, stored] of turn.parts.entries()) {
				const { image, ...part } = stored;
				if (!image) {
					builder.addPart(part);
					continue;
				}
				if (!available.includes(image.binaryProperty)) {
					throw new NodeOperationError(
						context.getNode(),
						`Cannot continue the conversation of item ${itemIndex}: turn ${turnIndex + 1}, part ${partIndex + 1} refers to binary property "${image.binaryProperty}", which the item does not have`,
						{
							itemIndex,
							description:
								'A node between the Gemini Image nodes dropped the binary data. Keep binary data on the way (for Edit Fields: "Include Other Input Fields" and binary), or save and restore the conversation with its images.',
						},
					);
				}
				// Checked and converted as any input image: a history image may be a GIF the
				// first request sent as PNG.
				builder.addInputImage(
					await readInputImage(context, itemIndex, image.binaryProperty, CONVERSATION_PARAMETER),
					part,
				);
			}
		}
		builder.startTurn('user').addPart({ text: prompt });
		return {
			prompt,
			conversation: builder,
			model: conversation.model,
			googleSearch: false,
			referenceRoles: [],
		};
	},
};
