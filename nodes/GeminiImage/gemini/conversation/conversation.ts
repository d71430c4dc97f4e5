import type { Part } from '@google/genai';
import type { CloudImage } from './cloudStorage';
import { isCloudStorageUri } from './cloudStorage';

/**
 * A conversation as it travels between nodes and executions. Its turns (roles, text, the
 * model's thought signatures, which live answers make hundreds of KB long) go in a JSON file
 * held as a binary property of the item, beside the images (also binary properties): the item
 * JSON holds only a small reference, so executions stay small in every binary data mode.
 * Version 1 kept the turns in the item JSON; such conversations still continue.
 */
export const CONVERSATION_VERSION = 1;
export const CONVERSATION_REFERENCE_VERSION = 2;

/** The binary property the turns file is written to, beside the images. */
export const CONVERSATION_PROPERTY = 'conversation';

/** What the item JSON says of its conversation. */
export interface ConversationReference {
	version: typeof CONVERSATION_REFERENCE_VERSION;
	model: string;
	/** The binary property holding the turns as JSON. */
	binaryProperty: string;
	turns: number;
}

export interface StoredImageRef {
	binaryProperty: string;
	mimeType: string;
}

/** A part exactly as the API gave or took it, with its image bytes moved to a binary property. */
export type StoredPart = Omit<Part, 'inlineData' | 'fileData'> & {
	image?: StoredImageRef;
	/** An image in Cloud Storage (Vertex AI), kept by its gs:// URI. */
	cloudFile?: CloudImage;
};

export interface StoredTurn {
	role: 'user' | 'model';
	parts: StoredPart[];
}

export interface Conversation {
	version: number;
	model: string;
	turns: StoredTurn[];
}

export type ConversationCheck =
	{ ok: true; conversation: Conversation } | { ok: false; problem: string };

/** A version as saved or retyped: 2, "2" and "2.0" all mean 2. */
function versionOf(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findPartProblem(part: unknown, where: string): string | undefined {
	if (!isObject(part)) return `${where} is not an object`;
	if (part.image !== undefined) {
		const image = part.image;
		if (!isObject(image) || typeof image.binaryProperty !== 'string' || !image.binaryProperty) {
			return `${where} has an image without a binaryProperty`;
		}
		if (typeof image.mimeType !== 'string') return `${where} has an image without a mimeType`;
	}
	if (part.cloudFile !== undefined) {
		const file = part.cloudFile;
		if (!isObject(file) || !isCloudStorageUri(file.uri) || typeof file.mimeType !== 'string') {
			return `${where} has a Cloud Storage image without a gs:// URI and a mimeType`;
		}
	}
	if ('inlineData' in part || 'fileData' in part) {
		return `${where} holds raw image data instead of a binary property reference`;
	}
	return undefined;
}

export function conversationReference(
	conversation: Conversation,
	binaryProperty = CONVERSATION_PROPERTY,
): ConversationReference {
	return {
		version: CONVERSATION_REFERENCE_VERSION,
		model: conversation.model,
		binaryProperty,
		turns: conversation.turns.length,
	};
}

export type ConversationLocation =
	| { ok: true; inline: unknown }
	| { ok: true; reference: ConversationReference }
	| { ok: false; problem: string };

/**
 * Where a conversation read from an item's JSON is: inline (version 1) or in a binary
 * property (version 2), whose turns parseConversation then checks.
 */
export function locateConversation(value: unknown): ConversationLocation {
	let data = value;
	if (typeof data === 'string' && data.trim().startsWith('{')) {
		try {
			data = JSON.parse(data);
		} catch {
			return { ok: false, problem: 'the conversation is text that is not valid JSON' };
		}
	}
	if (!isObject(data) || versionOf(data.version) !== CONVERSATION_REFERENCE_VERSION) {
		return { ok: true, inline: data };
	}
	if (typeof data.binaryProperty !== 'string' || !data.binaryProperty) {
		return { ok: false, problem: 'the conversation names no binary property for its turns' };
	}
	if (typeof data.model !== 'string' || !data.model) {
		return { ok: false, problem: 'the conversation names no model' };
	}
	const reference = { ...data, version: CONVERSATION_REFERENCE_VERSION };
	return { ok: true, reference: reference as unknown as ConversationReference };
}

/** Checks a conversation read from an item, saying exactly what is missing or wrong. */
export function parseConversation(value: unknown): ConversationCheck {
	const fail = (problem: string): ConversationCheck => ({ ok: false, problem });
	if (value === undefined || value === null || value === '')
		return fail('there is no conversation');
	let data = value;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data);
		} catch {
			return fail('the conversation is text that is not valid JSON');
		}
	}
	if (!isObject(data)) return fail('the conversation is not an object');
	if (versionOf(data.version) !== CONVERSATION_VERSION) {
		return fail(
			`the conversation has version ${JSON.stringify(data.version ?? null)}, expected ${CONVERSATION_VERSION}`,
		);
	}
	if (typeof data.model !== 'string' || !data.model) return fail('the conversation names no model');
	if (!Array.isArray(data.turns) || data.turns.length === 0)
		return fail('the conversation has no turns');
	for (const [index, turn] of data.turns.entries()) {
		const where = `turn ${index + 1}`;
		if (!isObject(turn)) return fail(`${where} is not an object`);
		const expected = index % 2 === 0 ? 'user' : 'model';
		if (turn.role !== expected) {
			return fail(`${where} has role "${String(turn.role)}" where "${expected}" was expected`);
		}
		if (!Array.isArray(turn.parts) || turn.parts.length === 0) return fail(`${where} has no parts`);
		for (const [partIndex, part] of turn.parts.entries()) {
			const problem = findPartProblem(part, `${where}, part ${partIndex + 1}`);
			if (problem) return fail(problem);
		}
	}
	if (data.turns.length % 2 !== 0) return fail("the conversation ends without the model's answer");
	const conversation = { ...data, version: CONVERSATION_VERSION } as unknown as Conversation;
	return { ok: true, conversation };
}

/**
 * Keeps the last `exchanges` user/model pairs (0 keeps all). Every turn resends its images,
 * so bounding the history bounds the request.
 */
export function keepLastExchanges(turns: StoredTurn[], exchanges: number): StoredTurn[] {
	if (exchanges <= 0 || turns.length <= exchanges * 2) return turns;
	return turns.slice(turns.length - exchanges * 2);
}

/** The binary property an image of an earlier turn is kept under. */
export function turnImageProperty(turnNumber: number, partNumber: number): string {
	return `turn${turnNumber}_part${partNumber}`;
}
