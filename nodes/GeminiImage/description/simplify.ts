import type { INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_1_1, VERSION_1 } from './show';

const SIMPLIFY_DESCRIPTION =
	"Whether to leave out what a storage node does not need: token usage, the model's version and the response ID";

/** On for new nodes (1.1); version 1 nodes keep the full output they were made with. */
export const simplifyProperties: INodeProperties[] = [
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: VERSION_1,
	},
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: SIMPLIFY_DESCRIPTION,
		displayOptions: FROM_VERSION_1_1,
	},
];
