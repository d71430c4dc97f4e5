import type { Content } from '@google/genai';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What an operation makes of one input item: the prompt and the turns to send. */
export interface PreparedTurns {
	prompt: string;
	contents: Content[];
	googleSearch: boolean;
}

export interface ImageOperation {
	value: string;
	name: string;
	description: string;
	action: string;
	properties: INodeProperties[];
	prepare(context: IExecuteFunctions, itemIndex: number): Promise<PreparedTurns>;
}
