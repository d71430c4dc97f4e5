import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ReferenceRole } from '../gemini/models';
import type { ReferenceParameters, SearchType } from '../gemini/settings';
import type { ConversationBuilder } from '../n8n/turns';

/** What an operation makes of its input: the turns to send and how to judge them. */
export interface PreparedRequest {
	prompt: string;
	/** Earlier turns (if any) and the new user turn, last. */
	conversation: ConversationBuilder;
	/** Set where the operation decides the model itself (Refine continues the conversation's). */
	model?: string;
	googleSearch: boolean;
	/** What grounding searches, where the operation lets the user choose. */
	searchTypes?: SearchType[];
	/** The role of each image in the new user turn, for the model's reference limits. */
	referenceRoles: Array<ReferenceRole | undefined>;
	/** Where the user set those images, for messages; Compose's named references if unset. */
	referenceParameters?: ReferenceParameters;
	/** The input items the request stands for, when one request serves several. */
	pairedItems?: number[];
}

export interface ImageOperation {
	value: string;
	name: string;
	description: string;
	action: string;
	properties: INodeProperties[];
	/** True when all input items go into one request (and yield one result). */
	combinesItems?(context: IExecuteFunctions): boolean;
	prepare(context: IExecuteFunctions, itemIndex: number): Promise<PreparedRequest>;
}
