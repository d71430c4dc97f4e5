import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StoredInteraction } from '../gemini/conversation/storedConversation';
import { MAX_CHAIN_IDS, isInteractionId } from '../gemini/conversation/storedConversation';
import { readConversationSource } from '../n8n/conversationInput';
import { apiFailureError } from '../n8n/failures';
import type { Transport } from '../transport/call';
import type { JobOperation } from './types';

export const deleteConversationOperation: JobOperation = {
	value: 'deleteConversation',
	name: 'Delete Conversation',
	description:
		'Delete a conversation Google stores for the Interactions API: every interaction of it, before its retention ends',
	action: 'Delete a stored conversation',
	// Conversation Field and Interaction ID are Refine's, shown for this operation too.
	properties: [],
	notOnVertex:
		'Delete Conversation deletes interactions kept by the Gemini API; Vertex AI keeps none. Use the Gemini API credential.',
	async execute(context, itemIndex, transport, pairedItem) {
		return [{ json: await deleteStoredConversation(context, itemIndex, transport), pairedItem }];
	},
};

/** The stored conversation an item names (Interaction ID, else the Conversation Field). */
function readStoredConversation(context: IExecuteFunctions, itemIndex: number): StoredInteraction {
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

const gone = (status: number | undefined) => status === 404 || status === 410;

/** The earlier interaction an interaction names, read from Google. */
function previousOf(interaction: unknown): string | undefined {
	const previous = (interaction as { previous_interaction_id?: unknown } | undefined)
		?.previous_interaction_id;
	return typeof previous === 'string' && isInteractionId(previous) ? previous : undefined;
}

/**
 * Every interaction of the conversation: the chain the item names (a Gemini Image node's output
 * carries it from the ID it started at), walked back through the earlier ones Google names
 * (at most MAX_CHAIN_IDS in all).
 */
async function chainOf(
	context: IExecuteFunctions,
	itemIndex: number,
	stored: StoredInteraction,
	transport: Transport,
): Promise<string[]> {
	const chain = [...stored.interactionIds];
	while (chain.length < MAX_CHAIN_IDS) {
		const found = await transport.getInteraction(chain[0]);
		if (!found.ok) {
			if (gone(found.failure.httpStatus)) break;
			throw apiFailureError(context.getNode(), found.failure, {
				itemIndex,
				attempts: found.attempts,
			});
		}
		const previous = previousOf(found.value);
		if (!previous || chain.includes(previous)) break;
		chain.unshift(previous);
	}
	return chain;
}

/**
 * Deletes every interaction of the item's conversation, newest first. One already gone
 * (deleted, or past its retention) is reported, not an error.
 */
async function deleteStoredConversation(
	context: IExecuteFunctions,
	itemIndex: number,
	transport: Transport,
): Promise<IDataObject> {
	const stored = readStoredConversation(context, itemIndex);
	const chain = await chainOf(context, itemIndex, stored, transport);
	const deleted: string[] = [];
	const alreadyGone: string[] = [];
	for (const id of [...chain].reverse()) {
		const result = await transport.deleteInteraction(id);
		if (result.ok) deleted.push(id);
		else if (gone(result.failure.httpStatus)) alreadyGone.push(id);
		else {
			throw apiFailureError(context.getNode(), result.failure, {
				itemIndex,
				attempts: result.attempts,
			});
		}
	}
	return { interactionId: stored.interactionId, deleted, alreadyGone };
}
