import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StoredInteraction } from '../gemini/conversation/storedConversation';
import { readConversationSource } from '../n8n/conversationInput';
import type { JobOperation } from './types';

export const deleteConversationOperation: JobOperation = {
	value: 'deleteConversation',
	name: 'Delete Conversation',
	description:
		'Delete a conversation Google stores for the Interactions API: every interaction of it, before its retention ends',
	action: 'Delete a stored conversation',
	// Conversation Field and Interaction ID are Refine's, shown for this operation too.
	properties: [],
};

/** The stored conversation an item names (Interaction ID, else the Conversation Field). */
export function readStoredConversation(
	context: IExecuteFunctions,
	itemIndex: number,
): StoredInteraction {
	const { field, typedId, stored } = readConversationSource(context, itemIndex);
	if (stored) return stored;
	throw new NodeOperationError(
		context.getNode(),
		`Item ${itemIndex} names no conversation stored at Google`,
		{
			itemIndex,
			description: typedId
				? 'Parameter "Interaction ID": give the interactionId a Gemini Image node output (letters, digits, _ - . :).'
				: `Parameter "Interaction ID" is empty and field "${field}" holds no interaction. A conversation made with the generateContent API is not stored at Google: it lives only in the items.`,
		},
	);
}
