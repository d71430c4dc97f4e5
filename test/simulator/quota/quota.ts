/**
 * A quota per API key and model, as Google enforces image quotas: at most `requests` accepted
 * generateContent, streamGenerateContent and Interactions creates per (key, model) in any rolling
 * window of `windowMs` (timestamps of the accepted requests, not fixed buckets). Beyond it, Google's
 * 429 (errors.ts) with a RetryInfo delay until the oldest accepted request leaves the window.
 * No limit set: unlimited, and nothing is counted.
 */
import { apiKeySource } from '../server/auth';
import type { GoogleApiError } from '../server/google-errors';
import type { Exchange } from '../server/http-util';
import { requestsPerModelExceeded } from './errors';

export interface QuotaLimit {
	requests: number;
	windowMs: number;
}

export interface QuotaCounts {
	accepted: number;
	refused429: number;
}

export interface QuotaSummary extends QuotaCounts {
	/** The limit for every model first (no `model`), then the per-model ones. */
	limits: Array<QuotaLimit & { model?: string }>;
	byModel: Record<string, QuotaCounts>;
}

/** Why a limit is not one, or undefined: requests a whole number ≥ 0, windowMs ≥ 1 if requests > 0. */
export function quotaLimitProblem(limit: {
	requests?: unknown;
	windowMs?: unknown;
}): string | undefined {
	const { requests, windowMs } = limit;
	if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 0)
		return `requests must be a whole number (0 removes the quota), got ${JSON.stringify(requests)}.`;
	if (requests === 0) return undefined;
	if (typeof windowMs !== 'number' || !Number.isInteger(windowMs) || windowMs < 1)
		return `windowMs must be a whole number of milliseconds ≥ 1, got ${JSON.stringify(windowMs)}.`;
	return undefined;
}

/** `--quota N/MS` and SIMULATOR_QUOTA: "20/10000" is 20 requests per 10 s; "0/..." is none. */
export function parseQuotaOption(name: string, text: string | undefined): QuotaLimit {
	const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text ?? '');
	const limit = match ? { requests: Number(match[1]), windowMs: Number(match[2]) } : undefined;
	const problem = limit ? quotaLimitProblem(limit) : 'expected N/MS, e.g. 20/10000.';
	if (problem) throw new Error(`${name} takes requests/windowMs (e.g. 20/10000): ${problem}`);
	return limit!;
}

export class QuotaTracker {
	private allModels?: QuotaLimit;
	private readonly perModel = new Map<string, QuotaLimit>();
	/** Accepted timestamps per key and model, oldest first, within the window. */
	private readonly windows = new Map<string, number[]>();
	private readonly counts = new Map<string, QuotaCounts>();

	constructor(initial?: QuotaLimit) {
		if (initial) this.set(initial);
	}

	/**
	 * Sets (or with requests 0 removes) the limit for one model, or for every model without a
	 * limit of its own. Counts and windows start afresh.
	 */
	set(limit: QuotaLimit, model?: string): void {
		const problem = quotaLimitProblem(limit);
		if (problem) throw new Error(`Simulator quota: ${problem}`);
		const kept =
			limit.requests > 0 ? { requests: limit.requests, windowMs: limit.windowMs } : undefined;
		if (model === undefined) this.allModels = kept;
		else if (kept) this.perModel.set(model, kept);
		else this.perModel.delete(model);
		this.resetCounts();
	}

	/** Removes every limit: unlimited again. */
	clear(): void {
		this.allModels = undefined;
		this.perModel.clear();
		this.resetCounts();
	}

	/** reset(): forgets the counts and the windows, keeps the limits. */
	resetCounts(): void {
		this.windows.clear();
		this.counts.clear();
	}

	limitFor(model: string): QuotaLimit | undefined {
		return this.perModel.get(model) ?? this.allModels;
	}

	/** Counts one request; the 429 to answer when it is past the quota, else undefined. */
	admit(key: string, model: string, now = Date.now()): GoogleApiError | undefined {
		const limit = this.limitFor(model);
		if (!limit) return undefined;
		const windowKey = `${key}\n${model}`;
		const window = this.windows.get(windowKey) ?? [];
		this.windows.set(windowKey, window);
		while (window.length > 0 && window[0] + limit.windowMs <= now) window.shift();
		const counts = this.counts.get(model) ?? { accepted: 0, refused429: 0 };
		this.counts.set(model, counts);
		if (window.length < limit.requests) {
			window.push(now);
			counts.accepted++;
			return undefined;
		}
		counts.refused429++;
		// A slot frees when the oldest accepted request leaves the window.
		return requestsPerModelExceeded(model, limit.requests, window[0] + limit.windowMs - now);
	}

	summary(): QuotaSummary {
		const limits: QuotaSummary['limits'] = this.allModels ? [{ ...this.allModels }] : [];
		for (const [model, limit] of this.perModel) limits.push({ model, ...limit });
		const byModel: Record<string, QuotaCounts> = {};
		let accepted = 0;
		let refused429 = 0;
		for (const [model, counts] of this.counts) {
			byModel[model] = { ...counts };
			accepted += counts.accepted;
			refused429 += counts.refused429;
		}
		return { limits, accepted, refused429, byModel };
	}
}

/** Throws Google's 429 when this request for `model` is past the quota of its key and model. */
export function enforceQuota(ex: Exchange, quota: QuotaTracker, model: string): void {
	const error = quota.admit(apiKeySource(ex).key ?? '', model);
	if (error) throw error;
}
