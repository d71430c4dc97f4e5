import type { ApiFailure } from '../gemini/failures/errors';
import { classifyApiError } from '../gemini/failures/errors';
import type { Secrets } from '../gemini/failures/redact';
import type { RetryPolicy } from '../gemini/failures/retry';
import { asksTooLongAWait, explainLongWait, retryDelayMs } from '../gemini/failures/retry';
import { sleep } from '../gemini/connection/wait';
import { MAX_RETRY_WAIT_LABEL } from '../n8n/labels';
import type { QuotaGate } from './quota';

/** What a call came to after its retries: the result, or why there is none. */
export type CallResult<T> =
	| { ok: true; value: T; quotaWaitMs?: number }
	| { ok: false; failure: ApiFailure; attempts: number; quotaWaitMs?: number };

/** An answer that came but cannot be used, with why: retried as a failure of the call. */
export class RejectedAnswer {
	constructor(readonly failure: ApiFailure) {}
}

/**
 * Waits on a shared quota delay a call may take without spending its Max Retries: bounded, so
 * an endpoint that answers 429 for ever still ends.
 */
export const MAX_QUOTA_WAITS = 20;

/**
 * A 429 whose RetryInfo delay is within the ceiling: the whole credential and model wait it.
 * Max Retries 0 means no retry of any kind.
 */
function sharedQuotaDelayMs(failure: ApiFailure, policy: RetryPolicy): number | undefined {
	if (policy.maxRetries === 0) return undefined;
	if (failure.httpStatus !== 429 || failure.quotaIsZero || !failure.retryable) return undefined;
	const ms = (failure.retryDelaySeconds ?? -1) * 1000;
	return ms >= 0 && ms <= policy.maxRetryWaitMs ? ms : undefined;
}

export interface RetrierOptions {
	secrets: Secrets;
	retry: RetryPolicy;
	signal?: AbortSignal;
	/** What a failure means on this backend (Vertex AI's project, roles and locations). */
	explain?: (failure: ApiFailure) => ApiFailure;
}

/**
 * Calls retried under the policy. A call with a quota gate waits its turn before each attempt
 * and, on a 429 with a delay, holds back every request of its credential and model for that
 * delay: such waits do not count as retries (at most MAX_QUOTA_WAITS of them).
 */
export function createRetrier({ secrets, retry, signal, explain = (f) => f }: RetrierOptions) {
	return async function withRetries<T>(
		call: () => Promise<T>,
		gate?: QuotaGate,
	): Promise<CallResult<T>> {
		let quotaWaitMs = 0;
		let retries = 0;
		let quotaWaits = 0;
		for (let attempt = 1; ; attempt++) {
			if (gate) quotaWaitMs += await gate.take(signal);
			try {
				return { ok: true, value: await call(), ...(gate ? { quotaWaitMs } : {}) };
			} catch (error) {
				const failure =
					error instanceof RejectedAnswer
						? error.failure
						: explain(classifyApiError(error, secrets, signal?.aborted === true));
				const shared = gate && !signal?.aborted ? sharedQuotaDelayMs(failure, retry) : undefined;
				if (shared !== undefined && quotaWaits < MAX_QUOTA_WAITS) {
					quotaWaits++;
					gate?.backOff(shared);
					continue;
				}
				const delay = signal?.aborted ? undefined : retryDelayMs(failure, ++retries, retry);
				if (delay === undefined) {
					const explained = asksTooLongAWait(failure, retry)
						? explainLongWait(failure, retry, MAX_RETRY_WAIT_LABEL)
						: failure;
					return {
						ok: false,
						failure: explained,
						attempts: attempt,
						...(gate ? { quotaWaitMs } : {}),
					};
				}
				await sleep(delay, signal);
			}
		}
	};
}
