import { sleep } from '../gemini/connection/wait';

/**
 * Pacing to a project's quota, shared by every execution in this n8n process that uses the same
 * credential and model: requests are spaced to the Requests per Minute set, and when Google
 * answers 429 with a delay, every request of that credential and model waits it out once
 * instead of each finding the quota alone.
 */
export interface QuotaGate {
	/** Waits for this request's turn (the shared backoff, then the pace); answers the ms waited. */
	take(stop?: AbortSignal): Promise<number>;
	/** Google asked to wait `ms` before the next request of this credential and model. */
	backOff(ms: number): void;
}

interface GateState {
	/** When the next paced request may leave. */
	nextSlotAt: number;
	/** No request leaves before this (a 429's RetryInfo). */
	blockedUntil: number;
}

/** Keyed by a fingerprint of the credential (never the key itself) and the model. */
const gates = new Map<string, GateState>();

/**
 * Requests leave this much further apart than the pace set: spaced at exactly the quota, clock
 * and network jitter put every window's edge request over it (measured: 3 to 4 % answered 429).
 */
export const PACE_MARGIN = 1.05;

/** Gates kept at most: a process serving many credentials forgets the oldest. */
const MAX_GATES = 1000;

function stateOf(key: string): GateState {
	let state = gates.get(key);
	if (!state) {
		if (gates.size >= MAX_GATES) gates.delete(gates.keys().next().value as string);
		state = { nextSlotAt: 0, blockedUntil: 0 };
		gates.set(key, state);
	}
	return state;
}

/** The gate of a credential (its fingerprint) and model; `requestsPerMinute` 0 paces nothing. */
export function quotaGate(
	credential: string,
	model: string,
	requestsPerMinute: number,
	now: () => number = Date.now,
): QuotaGate {
	const state = stateOf(`${credential}\n${model}`);
	const interval = requestsPerMinute > 0 ? (60_000 / requestsPerMinute) * PACE_MARGIN : 0;
	return {
		async take(stop) {
			const started = now();
			for (;;) {
				if (stop?.aborted) break;
				const blocked = state.blockedUntil - now();
				if (blocked > 0) {
					await sleep(blocked, stop);
					continue;
				}
				if (interval === 0) break;
				// Reserve the next slot; if a backoff lands while waiting for it, wait that too.
				const slot = Math.max(now(), state.nextSlotAt);
				state.nextSlotAt = slot + interval;
				if (slot > now()) await sleep(slot - now(), stop);
				if (state.blockedUntil <= now()) break;
			}
			return now() - started;
		},
		backOff(ms) {
			state.blockedUntil = Math.max(state.blockedUntil, now() + ms);
		},
	};
}
