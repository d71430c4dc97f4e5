import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { apiProperties } from './description/api';
import { modelProperties } from './description/model';
import { generationOptions } from './description/options';
import { simplifyProperties } from './description/simplify';
import { geminiImageApiTest } from './methods/credentialTest';
import { searchModels } from './methods/listSearch';
import { CREDENTIAL_NAME } from './n8n/credentials';
import { ALL_OPERATIONS, OPERATIONS } from './operations';
import { deleteConversationOperation } from './operations/deleteConversation';
import { route } from './router';

/** Operations that take their model from the conversation they continue (or need none). */
const MODEL_FROM_CONVERSATION = [
	...OPERATIONS.filter((operation) => operation.modelFrom === 'conversation').map((o) => o.value),
	deleteConversationOperation.value,
];

/** Operations that start a conversation, on the API the user chooses. */
const STARTS_CONVERSATION = OPERATIONS.filter((o) => o.modelFrom === 'parameter').map(
	(o) => o.value,
);

export class GeminiImage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Image',
		name: 'geminiImage',
		icon: 'file:gemini-image.svg',
		group: ['transform'],
		// 1.1: Nano Banana 2.1 is the default model and Simplify Output is on (version 1 keeps
		// Nano Banana 2 and the full output). 1.2: the Interactions API is the default.
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		// The operation's display name on the canvas, as n8n's own nodes show it (a literal, as
		// the linter wants; a unit test keeps it in step with OPERATIONS).
		subtitle:
			'={{ {"generate":"Generate","edit":"Edit","compose":"Compose From References","generateWithSearch":"Generate with Google Search","refine":"Refine","deleteConversation":"Delete Conversation"}[$parameter["operation"]] }}',
		description: "Generate and edit images with Google's Gemini image models (Nano Banana)",
		defaults: { name: 'Gemini Image' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true, testedBy: 'geminiImageApiTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: ALL_OPERATIONS.map(({ name, value, description, action }) => ({
					name,
					value,
					description,
					action,
				})),
				default: 'generate',
			},
			...apiProperties(STARTS_CONVERSATION),
			...modelProperties(MODEL_FROM_CONVERSATION),
			...OPERATIONS.flatMap((operation) => operation.properties),
			...simplifyProperties,
			generationOptions,
		],
	};

	methods = {
		listSearch: { searchModels },
		credentialTest: { geminiImageApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this);
	}
}
