import type { INodeProperties } from 'n8n-workflow';

import { ON_VERTEX } from './authentication';

/** Image options only Vertex AI takes: offered only with the Vertex AI credential. */
export const VERTEX_IMAGE_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Output Format (Vertex AI)',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'Model Default', value: 'auto' },
			{ name: 'JPEG', value: 'image/jpeg' },
			{ name: 'PNG', value: 'image/png' },
			{ name: 'WebP', value: 'image/webp' },
		],
		default: 'auto',
		displayOptions: ON_VERTEX,
		description: 'The file type Vertex AI answers with',
	},
	{
		displayName: 'Compression Quality (Vertex AI)',
		name: 'compressionQuality',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 75,
		displayOptions: ON_VERTEX,
		description:
			'JPEG and WebP quality, 0 to 100 (higher: larger files, fewer artefacts). Sent with Output Format JPEG or WebP only.',
	},
	{
		displayName: 'Person Generation (Vertex AI)',
		name: 'personGeneration',
		type: 'options',
		options: [
			{ name: 'Model Default', value: 'auto' },
			{ name: 'Allow All', value: 'ALLOW_ALL', description: 'Adults and children' },
			{ name: 'Allow Adults Only', value: 'ALLOW_ADULT' },
			{ name: 'Allow None', value: 'ALLOW_NONE', description: 'No people at all' },
		],
		default: 'auto',
		displayOptions: ON_VERTEX,
		description: 'Whether the image may show people',
	},
	{
		displayName: 'Prominent People (Vertex AI)',
		name: 'prominentPeople',
		type: 'options',
		options: [
			{ name: 'Model Default (Allowed)', value: 'auto' },
			{ name: 'Allow', value: 'ALLOW_PROMINENT_PEOPLE' },
			{ name: 'Block', value: 'BLOCK_PROMINENT_PEOPLE', description: 'No celebrities' },
		],
		default: 'auto',
		displayOptions: ON_VERTEX,
		description:
			'Whether the image may show well-known people. Person Generation "Allow None" blocks them anyway.',
	},
];
