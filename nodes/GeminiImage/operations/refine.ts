import { NodeOperationError } from 'n8n-workflow';

import { promptProperty } from '../description/prompt';
import { showFor } from '../description/show';
import { keepLastExchanges } from '../gemini/conversation/conversation';
import {
	CONVERSATION_PARAMETER,
	readConversation,
	readConversationSource,
} from '../n8n/conversationInput';
import type { InputImage } from '../n8n/inputImages';
import { binaryPropertiesOf } from '../n8n/inputImages';
import { readInputReference } from '../n8n/inputReferences';
import { ConversationBuilder } from '../n8n/turns';
import type { ImageOperation } from './types';

const show = showFor(['refine']);
/** Where a conversation is read from: shared with Delete Conversation. */
const showConversation = showFor(['refine', 'deleteConversation']);

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
				"Field of the input item holding the conversation (every Gemini Image node outputs one): an interaction stored at Google, or turns whose images are read from the same item's binary properties",
			displayOptions: showConversation,
		},
		{
			displayName: 'Interaction ID',
			name: 'interactionId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.lastInteractionId }}',
			description:
				'A conversation stored at Google (Interactions API) to continue, e.g. an ID saved in a Data Table. Empty: read the Conversation Field.',
			displayOptions: showConversation,
		},
		{
			displayName: 'Earlier Exchanges to Send',
			name: 'maxExchanges',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'For a conversation carried in items (generateContent): how many of the latest request/answer pairs to resend; 0 sends them all. Every exchange resends its images, so fewer keeps requests small.',
			displayOptions: show,
		},
	],
	modelFrom: 'conversation',
	grounded: false,
	batchable: false,
	async prepare(context, itemIndex, prompt, lookups) {
		const { field, typedId, stored } = readConversationSource(context, itemIndex);
		if (typedId && !stored) {
			throw new NodeOperationError(
				context.getNode(),
				`The interaction ID of item ${itemIndex} is not one Google gives`,
				{
					itemIndex,
					description:
						'Parameter "Interaction ID": give the interactionId a Gemini Image node output (letters, digits, _ - . :), or leave it empty to read the Conversation Field.',
				},
			);
		}
		if (stored) {
			// Google keeps the history: only the new instruction is sent.
			const builder = new ConversationBuilder();
			builder.addUserPrompt(prompt);
			return {
				conversation: builder,
				model: stored.model ?? (await lookups.modelOfInteraction(stored.interactionId, itemIndex)),
				previousInteractionId: stored.interactionId,
				interactionChain: stored.interactionIds,
				referenceRoles: [],
			};
		}
		const conversation = await readConversation(context, itemIndex, field.trim());
		const exchanges = Number(context.getNodeParameter('maxExchanges', itemIndex, 0)) || 0;
		const turns = keepLastExchanges(conversation.turns, exchanges);
		const available = binaryPropertiesOf(context, itemIndex);
		const builder = new ConversationBuilder();
		// A history may name one image many times: it is read, checked (and uploaded) once. An
		// Edit or Compose may have sent a video or PDF: it is resent as it was.
		const read = new Map<string, Promise<InputImage>>();
		const readOnce = (property: string) => {
			if (!read.has(property)) {
				read.set(
					property,
					readInputReference(context, itemIndex, property, CONVERSATION_PARAMETER),
				);
			}
			return read.get(property) as Promise<InputImage>;
		};

		for (const [turnIndex, turn] of turns.entries()) {
			builder.startTurn(turn.role);
			for (const [partIndex, stored] of turn.parts.entries()) {
				const { image, cloudFile, ...part } = stored;
				if (cloudFile) {
					builder.addCloudImage(cloudFile, part);
					continue;
				}
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
				builder.addInputImage(await readOnce(image.binaryProperty), part);
			}
		}
		builder.addUserPrompt(prompt);
		return { conversation: builder, model: conversation.model, referenceRoles: [] };
	},
};
