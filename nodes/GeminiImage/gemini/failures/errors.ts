/**
 * Turns whatever a Gemini call threw into one plain description: Google's status and message,
 * whether a retry can help and after how long, and a hint a user can act on. Pure; the
 * n8n edge turns it into a NodeApiError.
 */
import { describeNetworkFailure, isAbort, isObject } from './causes';
import type { ApiFailure } from './apiFailure';
import { classifyOwnError } from './ownErrors';
import type { Secrets } from './redact';
import { excerpt, removeSecret } from './redact';
import { QUOTA_ZERO_HINT, REASON_HINTS, STATUS_TABLE } from './statusHints';

export type { ApiFailure, FailureKind } from './apiFailure';

interface GoogleErrorDetail {
	'@type'?: string;
	reason?: string;
	retryDelay?: unknown;
}

interface GoogleErrorBody {
	error?: {
		code?: number | string;
		message?: string;
		status?: string;
		details?: GoogleErrorDetail[];
	};
}

function parseGoogleBody(message: string): GoogleErrorBody | undefined {
	const start = message.indexOf('{');
	if (start < 0) return undefined;
	try {
		return JSON.parse(message.slice(start)) as GoogleErrorBody;
	} catch {
		return undefined;
	}
}

/** A protobuf Duration as JSON gives it ("1.5s"), or as an object of seconds and nanos. */
export function parseDelaySeconds(delay: unknown): number | undefined {
	if (typeof delay === 'string') {
		const match = delay.trim().match(/^(\d+(?:\.\d+)?)s$/);
		return match ? Number(match[1]) : undefined;
	}
	if (isObject(delay)) {
		const seconds = Number(delay.seconds ?? 0);
		const nanos = Number(delay.nanos ?? 0);
		const total = seconds + nanos / 1e9;
		return Number.isFinite(total) && total >= 0 ? total : undefined;
	}
	return undefined;
}

/** Seconds as Google writes them: 1.5s, 86400s. */
export function formatSeconds(seconds: number): string {
	return `${Number(seconds.toFixed(3))}s`;
}

export function classifyApiError(error: unknown, secrets?: Secrets, cancelled = false): ApiFailure {
	const clean = (text: string) => excerpt(removeSecret(text, secrets));
	const word = (text: string | undefined) =>
		text === undefined ? undefined : removeSecret(text, secrets).slice(0, 100);
	const err = isObject(error) ? error : { message: String(error) };
	const rawMessage = typeof err.message === 'string' ? err.message : String(error);
	const name = typeof err.name === 'string' ? err.name : '';

	const status = typeof err.status === 'number' ? err.status : undefined;
	if (name === 'ApiError' || status !== undefined) {
		// The Interactions client keeps Google's JSON in `body`, its message is "404 ...".
		const body =
			parseGoogleBody(rawMessage) ??
			(typeof err.body === 'string' ? parseGoogleBody(err.body) : undefined);
		const details = body?.error?.details ?? [];
		const code = body?.error?.code;
		const httpStatus = status ?? (typeof code === 'number' ? code : undefined);
		const reason = word(details.find((d) => typeof d.reason === 'string')?.reason);
		const retryDelaySeconds = parseDelaySeconds(details.find((d) => d.retryDelay)?.retryDelay);
		const googleMessage = body?.error?.message;
		const fullMessage = typeof googleMessage === 'string' ? googleMessage : rawMessage;
		const message = clean(fullMessage);
		const quotaIsZero = httpStatus === 429 && /limit:\s*0\b/.test(fullMessage);
		const row = (httpStatus && STATUS_TABLE[httpStatus]) || {
			retryable: httpStatus !== undefined && httpStatus >= 500,
			hint: 'Google answered with an error: see the message.',
		};
		let hint = (reason && REASON_HINTS[reason]) || row.hint;
		if (quotaIsZero) hint = QUOTA_ZERO_HINT;
		else if (httpStatus === 429 && retryDelaySeconds !== undefined) {
			hint = `The quota is used up for now: Google asks to wait ${formatSeconds(retryDelaySeconds)} before the next request. Lower the number of parallel requests, or raise the quota in Google AI Studio.`;
		}
		return {
			kind: 'api',
			httpStatus,
			// The Interactions API gives its status word as a lowercase string code.
			googleStatus: word(
				typeof body?.error?.status === 'string'
					? body.error.status
					: typeof code === 'string'
						? code.toUpperCase()
						: undefined,
			),
			message,
			reason,
			retryDelaySeconds,
			quotaIsZero,
			retryable: row.retryable && !quotaIsZero,
			hint,
		};
	}

	// After Google's answers: a 409 ABORTED is Google's word for a conflict, not a timeout.
	if (cancelled || isAbort(err)) {
		const timedOut = !cancelled;
		return {
			kind: timedOut ? 'timeout' : 'aborted',
			message: timedOut ? 'no answer before the request timeout' : 'the execution was stopped',
			quotaIsZero: false,
			retryable: timedOut,
			hint: timedOut
				? 'The request took longer than the timeout: run again, or ask for a smaller image size.'
				: 'The execution was stopped before Google answered.',
		};
	}

	const own = classifyOwnError(err, clean, rawMessage);
	if (own) return own;

	if (name === 'SyntaxError') {
		// A 200 whose body is cut short or is not JSON (a proxy's HTML page): the server answered,
		// so it is not unreachable, but the same call may well succeed again.
		return {
			kind: 'unreadable',
			message: clean(rawMessage),
			quotaIsZero: false,
			retryable: true,
			hint: 'The answer was cut short or was not JSON (a proxy or gateway in between?): run again, or check the Base URL.',
		};
	}
	return {
		kind: 'network',
		message: clean(describeNetworkFailure(err)),
		quotaIsZero: false,
		retryable: true,
		hint: "Google's API could not be reached: check the credential's Base URL and this machine's network.",
	};
}
