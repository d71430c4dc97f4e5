/**
 * Dynamic webhooks of a batch job (`batch.webhookConfig {uris, userMetadata}` on
 * batchGenerateContent): when the job reaches an end state, one POST to each URI.
 *
 * Google's Webhooks page (ai.google.dev/gemini-api/docs/webhooks) documents per-request
 * ("dynamic") webhooks for Batch jobs, the event names `batch.succeeded` and `batch.failed`
 * (`batch.expired` in Google's event list as reported), Standard Webhooks headers
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and `user_metadata` returned on each
 * event. The body's exact field layout was not readable here, so the simulator sends this
 * ASSUMED shape (see README, "Batch webhooks"):
 *   {id, type: 'batch.succeeded' | 'batch.failed' | 'batch.cancelled' | 'batch.expired',
 *    timestamp, data: {name, displayName?, model, state, responsesFile?, error?}, user_metadata?}
 * No signature is sent (the simulator has no key to sign with). Delivery is best effort, once.
 */
import { randomUUID } from 'node:crypto';

import { batchView, isTerminal, type BatchesState, type BatchJob } from './store';

export interface BatchWebhook {
	uris: string[];
	userMetadata?: Record<string, unknown>;
}

/** How often a job with a webhook is looked at: its end comes from the clock, not an event. */
const WATCH_MS = 100;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The webhook of a create body, camelCase or snake_case as the JSON front end takes both. */
export function webhookOf(body: unknown): BatchWebhook | undefined {
	const batch = isObject(body) && isObject(body.batch) ? body.batch : {};
	const config = batch.webhookConfig ?? batch.webhook_config;
	if (!isObject(config) || !Array.isArray(config.uris)) return undefined;
	const uris = config.uris.filter((uri): uri is string => typeof uri === 'string');
	const metadata = config.userMetadata ?? config.user_metadata;
	if (uris.length === 0) return undefined;
	return { uris, ...(isObject(metadata) ? { userMetadata: metadata } : {}) };
}

/** The event body for a job that has ended. */
export function webhookEvent(job: BatchJob, webhook: BatchWebhook): Record<string, unknown> {
	const view = batchView(job);
	const state = view.state;
	const data: Record<string, unknown> = {
		name: `batches/${job.id}`,
		...(job.displayName !== undefined ? { displayName: job.displayName } : {}),
		model: `models/${job.model}`,
		state,
		...(view.results?.file ? { responsesFile: `files/${view.results.file.id}` } : {}),
		...(view.error ? { error: view.error } : {}),
	};
	return {
		id: randomUUID(),
		type: `batch.${state.replace('BATCH_STATE_', '').toLowerCase()}`,
		timestamp: new Date(view.endedAt ?? Date.now()).toISOString(),
		data,
		...(webhook.userMetadata ? { user_metadata: webhook.userMetadata } : {}),
	};
}

async function deliver(uri: string, event: Record<string, unknown>): Promise<void> {
	try {
		await fetch(uri, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'webhook-id': String(event.id),
				'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
			},
			body: JSON.stringify(event),
		});
	} catch {
		// A listener that is down misses the call: the job can still be read with batches.get.
	}
}

/** Watches a job that has a webhook and posts the event once when it ends. */
export function notifyWhenEnded(
	state: BatchesState,
	job: BatchJob,
	webhook: BatchWebhook | undefined,
): void {
	if (!webhook) return;
	const timer = setInterval(() => {
		if (state.batches.closed || !state.batches.get(job.id)) {
			clearInterval(timer);
			return;
		}
		if (!isTerminal(batchView(job).state)) return;
		clearInterval(timer);
		const event = webhookEvent(job, webhook);
		for (const uri of webhook.uris) void deliver(uri, event);
	}, WATCH_MS);
	timer.unref();
}
