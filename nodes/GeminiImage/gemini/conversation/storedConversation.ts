/**
 * A conversation kept at Google (the Interactions API): the item JSON holds only its last
 * interaction's ID, its model, and the IDs of the chain (so Delete Conversation can remove
 * every stored step). Nothing else travels: no turns, no images.
 */
export const INTERACTION_REFERENCE_VERSION = 3;

/** The IDs a reference carries at most (the newest kept). */
export const MAX_CHAIN_IDS = 200;

export interface InteractionReference {
	version: typeof INTERACTION_REFERENCE_VERSION;
	api: 'interactions';
	interactionId: string;
	model: string;
	/** Every interaction of the conversation, oldest first, this one last. */
	interactionIds: string[];
}

export interface StoredInteraction {
	interactionId: string;
	/** Unknown when only the ID was given. */
	model?: string;
	/** The chain up to and including interactionId. */
	interactionIds: string[];
}

/** Google's IDs: letters, digits and _-.: (e.g. v1_ChdGT09...), never a path. */
const INTERACTION_ID = /^[A-Za-z0-9_.:-]{1,1000}$/;

export function isInteractionId(value: string): boolean {
	return INTERACTION_ID.test(value) && !value.includes('..');
}

export function interactionReference(
	interactionId: string,
	model: string,
	earlier: readonly string[],
): InteractionReference {
	return {
		version: INTERACTION_REFERENCE_VERSION,
		api: 'interactions',
		interactionId,
		model,
		interactionIds: [...earlier, interactionId].slice(-MAX_CHAIN_IDS),
	};
}

function ids(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((id): id is string => typeof id === 'string' && isInteractionId(id))
		: [];
}

/**
 * The stored interaction a field names: a reference as this node writes it (or as text), or a
 * bare ID. Undefined when the value is something else (a conversation carried in items).
 */
export function findStoredInteraction(value: unknown): StoredInteraction | undefined {
	let data = value;
	if (typeof data === 'string') {
		const text = data.trim();
		if (isInteractionId(text)) return { interactionId: text, interactionIds: [text] };
		if (!text.startsWith('{')) return undefined;
		try {
			data = JSON.parse(text);
		} catch {
			return undefined;
		}
	}
	if (typeof data !== 'object' || data === null) return undefined;
	const record = data as Record<string, unknown>;
	const id = record.interactionId;
	if (record.api !== 'interactions' || typeof id !== 'string' || !isInteractionId(id)) {
		return undefined;
	}
	const chain = ids(record.interactionIds);
	return {
		interactionId: id,
		model: typeof record.model === 'string' && record.model ? record.model : undefined,
		interactionIds: chain[chain.length - 1] === id ? chain : [...chain, id],
	};
}
