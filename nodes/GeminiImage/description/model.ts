import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL, VERSION_1_DEFAULT_MODEL, modelListName } from '../gemini/catalogue/models';
import { FROM_VERSION_1_1, VERSION_1 } from './show';

function modelProperty(
	defaultModel: string,
	versions: IDisplayOptions,
	hiddenFor: string[],
): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: defaultModel, cachedResultName: modelListName(defaultModel) },
		required: true,
		displayOptions: { ...versions, hide: { operation: hiddenFor } },
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
				placeholder: `e.g. ${DEFAULT_MODEL}`,
			},
		],
	};
}

/**
 * The model, once per node version: a new default is a new version, so saved nodes that never
 * touched the field keep the model they were made with. Hidden for the operations that take
 * their model from elsewhere (a conversation).
 */
export function modelProperties(hiddenFor: string[]): INodeProperties[] {
	return [
		modelProperty(VERSION_1_DEFAULT_MODEL, VERSION_1, hiddenFor),
		modelProperty(DEFAULT_MODEL, FROM_VERSION_1_1, hiddenFor),
	];
}
