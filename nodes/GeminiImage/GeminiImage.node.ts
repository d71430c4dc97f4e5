import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { modelProperties } from './description/model';
import { generationOptions } from './description/options';
import { simplifyProperties } from './description/simplify';
import { geminiImageApiTest } from './methods/credentialTest';
import { searchModels } from './methods/listSearch';
import { CREDENTIAL_NAME } from './n8n/credentials';
import { OPERATIONS } from './operations';
import { route } from './router';

/** Operations that take their model from the conversation they continue. */
const MODEL_FROM_CONVERSATION = OPERATIONS.filter(
	(operation) => operation.modelFrom === 'conversation',
).map((operation) => operation.value);

export class GeminiImage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Image',
		name: 'geminiImage',
		icon: 'file:gemini-image.svg',
		group: ['transform'],
		// 1.1: Nano Banana 2.1 is the default model and Simplify Output is on (version 1 keeps
		// Nano Banana 2 and the full output).
		version: [1, 1.1],
		defaultVersion: 1.1,
		// The operation's display name on the canvas, as n8n's own nodes show it (a literal, as
		// the linter wants; a unit test keeps it in step with OPERATIONS).
		subtitle:
			'={{ {"generate":"Generate","edit":"Edit","compose":"Compose From References","generateWithSearch":"Generate with Google Search","refine":"Refine"}[$parameter["operation"]] }}',
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
				options: OPERATIONS.map(({ name, value, description, action }) => ({
					name,
					value,
					description,
					action,
				})),
				default: 'generate',
			},
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
