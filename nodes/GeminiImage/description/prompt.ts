import type { INodeProperties } from 'n8n-workflow';

import { showFor } from './show';

/** The Prompt parameter every operation has, with the operation's own wording. */
export function promptProperty(
	operation: string,
	description: string,
	placeholder = 'e.g. A watercolour of a lighthouse at dawn, soft pastel light',
): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder,
		description,
		displayOptions: showFor([operation]),
	};
}
