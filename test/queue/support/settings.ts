/** The fixed figures of the queue-mode suite: the throughput it prints is measured under these. */

/** The simulator's delay per generateContent: stands for Google's time to make one image. */
export const LATENCY_MS = 1000;
/** `n8n worker --concurrency`: executions one worker runs at once. */
export const WORKER_CONCURRENCY = 2;
export const WORKER_NAMES = ['worker-a', 'worker-b'];
/** Prompts in one webhook call (one execution). */
export const PROMPTS_PER_CALL = 40;
/** Webhook calls per measured batch: two per worker slot with two workers. */
export const CALLS_PER_BATCH = 4;

/**
 * How soon a killed worker's executions are given up on. n8n's defaults are a 60 s lock renewed
 * every 10 s and a stalled-job check every 30 s; shorter here so the suite does not idle.
 */
export const LOCK_SETTINGS = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
};

/**
 * The most items per minute `workers` workers can do: every worker slot keeps `parallelRequests`
 * requests in flight, each takes the latency, and an item needs two (generate, edit).
 */
export function ceilingItemsPerMinute(workers: number, parallelRequests: number): number {
	const inFlight = workers * WORKER_CONCURRENCY * parallelRequests;
	return Math.round((inFlight * 60_000) / LATENCY_MS / 2);
}

export const KEEP_ENV = 'GEMINI_IMAGE_QUEUE_KEEP';
