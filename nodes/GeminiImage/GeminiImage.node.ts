import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { apiProperties } from './description/api';
import { modelProperties } from './description/model';
import { batchJobProperties, optionsProperties, runAsProperties } from './description/batch';
import { simplifyProperties } from './description/simplify';
import { geminiImageApiTest, geminiImageVertexTest } from './methods/credentialTest';
import { authenticationProperty } from './description/authentication';
import { searchBatches } from './methods/listBatches';
import { searchModels } from './methods/listSearch';
import { modelOptions } from './methods/modelOptions';
import { CREDENTIAL_NAME, VERTEX_CREDENTIAL_NAME } from './n8n/credentials';
import { OPERATIONS } from './operations';
import { BATCH_OPERATIONS } from './operations/batch';
import { deleteConversationOperation } from './operations/deleteConversation';
import { route } from './router';

/** Operations that take their model from the conversation they continue (or need none). */
const MODEL_FROM_CONVERSATION = [
	...OPERATIONS.filter((operation) => operation.modelFrom === 'conversation').map((o) => o.value),
	deleteConversationOperation.value,
	...BATCH_OPERATIONS.map((operation) => operation.value),
];

const IMAGE_OPERATIONS = [...OPERATIONS, deleteConversationOperation];

function operationProperty(
	resource: string,
	operations: ReadonlyArray<{ name: string; value: string; description: string; action: string }>,
	defaultValue: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map(({ name, value, description, action }) => ({
			name,
			value,
			description,
			action,
		})),
		default: defaultValue,
	};
}

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
			'={{ {"generate":"Generate","edit":"Edit","compose":"Compose From References","generateWithSearch":"Generate with Google Search","refine":"Refine","deleteConversation":"Delete Conversation","getBatch":"Get Batch","getBatchResults":"Get Batch Results","cancelBatch":"Cancel Batch"}[$parameter["operation"]] }}',
		description: "Generate and edit images with Google's Gemini image models (Nano Banana)",
		defaults: { name: 'Gemini Image' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_NAME,
				required: true,
				testedBy: 'geminiImageApiTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: VERTEX_CREDENTIAL_NAME,
				required: true,
				testedBy: 'geminiImageVertexTest',
				displayOptions: { show: { authentication: ['vertexAi'] } },
			},
		],
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Image', value: 'image' },
					{ name: 'Batch Job', value: 'batch' },
				],
				default: 'image',
			},
			operationProperty('image', IMAGE_OPERATIONS, 'generate'),
			operationProperty('batch', BATCH_OPERATIONS, 'getBatchResults'),
			{
				displayName:
					'Submit a batch job with an Image operation (Generate, Edit, Compose From References, Generate with Google Search) set to Run As: Batch Job',
				name: 'batchNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { resource: ['batch'] } },
			},
			{
				displayName:
					'Batch jobs on Vertex AI read and write Cloud Storage or BigQuery, which this node does not do yet: use the Gemini API credential for batch jobs',
				name: 'vertexBatchNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { resource: ['batch'], authentication: ['vertexAi'] } },
			},
			...apiProperties(STARTS_CONVERSATION),
			...modelProperties(MODEL_FROM_CONVERSATION),
			...runAsProperties(
				OPERATIONS.filter((operation) => operation.batchable).map((operation) => operation.value),
			),
			...OPERATIONS.flatMap((operation) => operation.properties),
			...batchJobProperties,
			...simplifyProperties,
			...optionsProperties,
		],
	};

	methods = {
		listSearch: { searchModels, searchBatches },
		loadOptions: modelOptions,
		credentialTest: { geminiImageApiTest, geminiImageVertexTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this);
	}
}
