import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import type { ReferenceRole } from '../gemini/catalogue/models';
import type { SearchType } from '../gemini/catalogue/settings';
import type { ReferenceLabels } from '../n8n/labels';
import type { ConversationBuilder } from '../n8n/turns';
import type { Transport } from '../transport/call';

/** What an operation makes of one item: the turns to send and how to judge them. */
export interface PreparedRequest {
	/** Earlier turns (if any) and the new user turn, last. */
	conversation: ConversationBuilder;
	/** The conversation's model, for an operation whose model comes from its conversation. */
	model?: string;
	/** The stored interaction a Refine continues: only the new turn is sent, on that API. */
	previousInteractionId?: string;
	/** The conversation's interactions so far, oldest first (the one continued last). */
	interactionChain?: string[];
	/** What grounding searches, for a grounded operation that lets the user choose. */
	searchTypes?: SearchType[];
	/** The role of each image in the new user turn, for the model's reference limits. */
	referenceRoles: Array<ReferenceRole | undefined>;
	/** Where the user set those images, for messages; Compose's named references if unset. */
	referenceLabels?: ReferenceLabels;
}

/** One operation of the node: its UI, the facts the rest of the node reads, and its request. */
export interface ImageOperation {
	value: string;
	name: string;
	description: string;
	action: string;
	properties: INodeProperties[];
	/**
	 * Where the model comes from: the Model parameter, or the conversation being continued
	 * (whose thought signatures belong to one model).
	 */
	modelFrom: 'parameter' | 'conversation';
	/** Whether its requests are grounded in Google Search (and so need a model that searches). */
	grounded: boolean;
	/** Whether Run As: Batch Job can send its items as one job of the Batch API. */
	batchable: boolean;
	/** True when all input items go into one request (and yield one result). */
	combinesItems?(context: IExecuteFunctions): boolean;
	/** The item's request, around the prompt the pipeline has read and checked. */
	prepare(
		context: IExecuteFunctions,
		itemIndex: number,
		prompt: string,
		lookups: PrepareLookups,
	): Promise<PreparedRequest>;
}

/** What an operation may ask Google while preparing (before any generation is sent). */
export interface PrepareLookups {
	/** The model of a stored interaction (for a Refine given its ID alone). */
	modelOfInteraction(id: string, itemIndex: number): Promise<string>;
}

/**
 * An operation that makes no image: it acts on something Google keeps (a stored conversation,
 * a batch job) and answers what it did.
 */
export interface JobOperation {
	value: string;
	name: string;
	description: string;
	action: string;
	properties: INodeProperties[];
	/** Why Vertex AI cannot do it (it keeps no such thing), when it cannot. */
	notOnVertex?: string;
	/** What it does with one item, as the items it answers. */
	execute(
		context: IExecuteFunctions,
		itemIndex: number,
		transport: Transport,
		pairedItem: IPairedItemData | IPairedItemData[],
	): Promise<INodeExecutionData[]>;
}
