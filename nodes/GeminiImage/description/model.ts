import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL, DEFAULT_MODEL_NAME } from '../gemini/models';

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: DEFAULT_MODEL, cachedResultName: DEFAULT_MODEL_NAME },
	required: true,
	// Refine continues with the model that started the conversation: signatures are per model.
	displayOptions: { hide: { operation: ['refine'] } },
	description: 'The Gemini image model. The list shows the image models your API key can use.',
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
			placeholder: 'e.g. gemini-3-pro-image',
		},
	],
};
