import type { INodeProperties } from 'n8n-workflow';

import {
	MAX_RETRIES,
	MAX_RETRY_WAIT_SECONDS,
	PARALLEL_REQUESTS,
	REQUESTS_PER_MINUTE,
	TIMEOUT_SECONDS,
} from '../n8n/limits';

/** How the run goes (its pace, retries, waits), as opposed to what is generated. */
export const RUN_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Background (Interactions API)',
		name: 'background',
		type: 'boolean',
		default: false,
		description:
			'Whether Google generates in the background while the node checks on it every few seconds, so no single request waits minutes (4K on Nano Banana Pro). Bounded by the Request Timeout.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: MAX_RETRIES.min, maxValue: MAX_RETRIES.max },
		default: 3,
		description:
			'Retries of a request that failed for a passing reason (429, 500, 502, 503, 504, timeouts, network). A 429 waits what Google asks; a refusal or a bad setting is never retried.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWaitSeconds',
		type: 'number',
		typeOptions: { minValue: MAX_RETRY_WAIT_SECONDS.min, maxValue: MAX_RETRY_WAIT_SECONDS.max },
		default: 60,
		description:
			'The longest wait a 429 may ask for before a retry. Google asking more (hours, for a used-up daily quota) fails the item at once, saying how long it asked.',
	},
	{
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: PARALLEL_REQUESTS.min, maxValue: PARALLEL_REQUESTS.max },
		default: 5,
		description:
			'How many requests run at once across all items and images. Keep it within your Gemini quota (images per minute).',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: TIMEOUT_SECONDS.min, maxValue: TIMEOUT_SECONDS.max },
		default: 300,
		description: 'Longest wait for one answer; 4K images on Nano Banana Pro can take two minutes',
	},
	{
		displayName: 'Requests per Minute',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: REQUESTS_PER_MINUTE.min, maxValue: REQUESTS_PER_MINUTE.max },
		default: 0,
		description:
			"Your project's quota for the model (images per minute): requests are spaced to stay under it, across every execution of this credential and model in this n8n. 0: no pacing (a 429 still holds back every request of the credential and model for the delay Google asks).",
	},
];
