/** The node's own bounds on its options: one place for the UI, the parameter reader and the run. */
export interface Bounds {
	default: number;
	min: number;
	max: number;
}

/** Images per input item; each is a request of its own (image models make one per call). */
export const NUMBER_OF_IMAGES: Bounds = { default: 1, min: 1, max: 8 };

/** Requests in flight at once, across all items and images of a run. */
export const PARALLEL_REQUESTS: Bounds = { default: 5, min: 1, max: 50 };

export const MAX_RETRIES: Bounds = { default: 3, min: 0, max: 10 };

/** The longest wait Google's RetryInfo may ask before the item fails instead. */
export const MAX_RETRY_WAIT_SECONDS: Bounds = { default: 60, min: 1, max: 3600 };

/**
 * Per attempt. Node's fetch gives up on an answer after 300 s whatever the node asks (its
 * dispatcher's header and body timeouts), so that is the most the option offers.
 */
export const TIMEOUT_SECONDS: Bounds = { default: 300, min: 10, max: 300 };

/** The project's quota per model, for pacing; 0 paces nothing. */
export const REQUESTS_PER_MINUTE: Bounds = { default: 0, min: 0, max: 10_000 };

/** Get Batch Results' wait for an unfinished job: how often it checks, and for how long. */
export const BATCH_POLL_SECONDS: Bounds = { default: 30, min: 5, max: 600 };
export const BATCH_WAIT_MINUTES: Bounds = { default: 10, min: 1, max: 60 };

/** A whole number within the bounds; anything unreadable gives the default. */
export function clampWhole(value: unknown, bounds: Bounds): number {
	const number = typeof value === 'number' && Number.isFinite(value) ? value : bounds.default;
	return Math.min(bounds.max, Math.max(bounds.min, Math.trunc(number)));
}
