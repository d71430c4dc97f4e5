import type { INodeProperties } from 'n8n-workflow';

import { BATCH_POLL_SECONDS, BATCH_WAIT_MINUTES } from '../n8n/limits';
import { generationOptions } from './options';
import { showFor } from './show';

/** Why batch jobs wait on Vertex AI: its Batch API reads and writes Cloud Storage or BigQuery. */
export const VERTEX_BATCH_HINT =
	'Batch jobs on Vertex AI read their requests from and write their results to Cloud Storage or BigQuery, which this node does not do yet. Use the Gemini API credential for batch jobs, or Run As: Live Requests.';

/**
 * On the operations that make images from items and say they are batchable: live requests,
 * or one batch job for all.
 */
export function runAsProperties(batchable: string[]): INodeProperties[] {
	const asBatch = showFor(batchable, { runAs: ['batch'] });
	return [
		{
			displayName: 'Run As',
			name: 'runAs',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Live Requests',
					value: 'live',
					description: 'The images come back now, at the live price',
				},
				{
					name: 'Batch Job (Half Price)',
					value: 'batch',
					description:
						"All items become one job of Google's Batch API: half price, done within 24 hours (usually much sooner). Collect the images with Batch > Get Batch Results.",
				},
			],
			default: 'live',
			displayOptions: showFor(batchable),
		},
		{
			displayName: VERTEX_BATCH_HINT,
			name: 'vertexBatchRunNotice',
			type: 'notice',
			default: '',
			displayOptions: showFor(batchable, { runAs: ['batch'], authentication: ['vertexAi'] }),
		},
		{
			displayName: 'Carry Field',
			name: 'carryField',
			type: 'string',
			default: '',
			placeholder: 'e.g. sku',
			description:
				'A top-level field of each input item whose value comes back on its result (an ID from a sheet, say). It travels in the request key, so Google stores it with the job.',
			displayOptions: asBatch,
		},
		{
			displayName: 'Batch Name',
			name: 'batchDisplayName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Nightly catalogue',
			description: 'Shown in the job list. Empty: "n8n" and the date.',
			displayOptions: asBatch,
		},
		{
			displayName: 'Notify URL',
			name: 'notifyUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/batch-done',
			description:
				"Google posts to this address when the job ends (succeeded, failed, cancelled or expired), with the job's name and the Batch Name and carried values. Pair it with a Webhook node (POST) whose workflow runs Get Batch Results. Empty: nobody is called; collect with Get Batch Results or the Gemini Image Trigger.",
			displayOptions: asBatch,
		},
	];
}

const show = (operations: string[]) => ({ show: { resource: ['batch'], operation: operations } });

/** The parameters of the Batch resource's operations. */
export const batchJobProperties: INodeProperties[] = [
	{
		displayName: 'Batch Job',
		name: 'batchJob',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The job, e.g. the "name" a Run As: Batch Job node output',
		displayOptions: show(['getBatch', 'getBatchResults', 'cancelBatch']),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchBatches', searchable: true },
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. batches/abc123',
			},
		],
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to check on an unfinished job until it is done (for short jobs); otherwise an unfinished job is an error that says its state',
		displayOptions: show(['getBatchResults']),
	},
	{
		displayName: 'Check Every (Seconds)',
		name: 'pollSeconds',
		type: 'number',
		typeOptions: { minValue: BATCH_POLL_SECONDS.min, maxValue: BATCH_POLL_SECONDS.max },
		default: 30,
		displayOptions: { show: { ...show(['getBatchResults']).show, waitForCompletion: [true] } },
	},
	{
		displayName: 'Wait at Most (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: BATCH_WAIT_MINUTES.min, maxValue: BATCH_WAIT_MINUTES.max },
		default: 10,
		displayOptions: { show: { ...show(['getBatchResults']).show, waitForCompletion: [true] } },
	},
];

/** Options per resource: the image operations' full set; Get Batch Results its output ones. */
export const optionsProperties: INodeProperties[] = [
	{ ...generationOptions, displayOptions: { show: { resource: ['image'] } } },
	{
		...generationOptions,
		displayOptions: show(['getBatch', 'getBatchResults', 'cancelBatch']),
		options: (generationOptions.options ?? []).filter((option) =>
			['binaryPropertyName', 'imagesOutput', 'maxRetries', 'timeoutSeconds'].includes(option.name),
		),
	},
];
