import { promptProperty } from '../description/prompt';
import { ConversationBuilder } from '../n8n/turns';
import type { ImageOperation } from './types';

export const generateOperation: ImageOperation = {
	value: 'generate',
	name: 'Generate',
	description: 'Create an image from a text prompt',
	action: 'Generate an image',
	properties: [promptProperty('generate', 'What the image should show')],
	modelFrom: 'parameter',
	grounded: false,
	batchable: true,
	async prepare(_context, _itemIndex, prompt) {
		return { conversation: ConversationBuilder.fromPrompt(prompt), referenceRoles: [] };
	},
};
