import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Conversation } from '../gemini/conversation/conversation';
import { locateConversation, parseConversation } from '../gemini/conversation/conversation';
import type { StoredInteraction } from '../gemini/conversation/storedConversation';
import { findStoredInteraction } from '../gemini/conversation/storedConversation';
import { binaryPropertiesOf } from './inputImages';

/** The parameter naming where a conversation is read from, as the UI names it. */
export const CONVERSATION_PARAMETER = 'Conversation Field';

function readField(json: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			json,
		);
}

/** What an item's field `field` (a dotted path) holds, unchecked. */
export function readConversationField(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
): unknown {
	return readField(context.getInputData()[itemIndex]?.json ?? {}, field);
}

/** Where an item's conversation is: the Interaction ID typed, else the Conversation Field. */
export interface ConversationSource {
	/** The Conversation Field as typed (messages quote it so). */
	field: string;
	/** The Interaction ID parameter, trimmed; empty when unset. */
	typedId: string;
	/** The conversation kept at Google the item names, if it names one. */
	stored?: StoredInteraction;
}

export function readConversationSource(
	context: IExecuteFunctions,
	itemIndex: number,
): ConversationSource {
	const field = String(context.getNodeParameter('conversationField', itemIndex, 'conversation'));
	const typedId = String(context.getNodeParameter('interactionId', itemIndex, '') ?? '').trim();
	const stored = findStoredInteraction(
		typedId || readConversationField(context, itemIndex, field.trim()),
	);
	return { field, typedId, stored };
}

/**
 * The conversation an item carries in its JSON field `field` (a dotted path): its turns
 * inline (version 1) or, as every Gemini Image node writes it, in a binary property.
 */
export async function readConversation(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
): Promise<Conversation> {
	const fail = (problem: string) =>
		new NodeOperationError(
			context.getNode(),
			`Cannot continue the conversation of item ${itemIndex}: ${problem}`,
			{
				itemIndex,
				description: `Parameter "${CONVERSATION_PARAMETER}" reads "${field}". Connect Refine after a Gemini Image node (or a node that kept its "${field}" field and binary data), or point the field at where the conversation was saved.`,
			},
		);
	const location = locateConversation(readConversationField(context, itemIndex, field));
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
