import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL, VERSION_1_DEFAULT_MODEL, modelListName } from '../gemini/models';

function modelProperty(defaultModel: string, versions: INodeProperties['displayOptions']) {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: defaultModel, cachedResultName: modelListName(defaultModel) },
		required: true,
		// Refine continues with the model that started the conversation: signatures are per model.
		displayOptions: { ...versions, hide: { operation: ['refine'] } },
		description:
			'The Gemini image model. The list shows the image models your API key can use.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${DEFAULT_MODEL}`,
			},
		],
	} satisfies INodeProperties;
}

/**
 * The model, once per node version: a new default is a new version, so saved nodes that never
 * touched the field keep the model they were made with.
 */
export const modelProperties: INodeProperties[] = [
	modelProperty(VERSION_1_DEFAULT_MODEL, { show: { '@version': [1] } }),
	modelProperty(DEFAULT_MODEL, { show: { '@version': [{ _cnd: { gte: 1.1 } }] } }),
];
