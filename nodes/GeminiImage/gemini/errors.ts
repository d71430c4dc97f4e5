/**
 * Turns whatever a Gemini call threw into one plain description: Google's status and message,
 * whether a retry can help and after how long, and a hint a user can act on. Pure; the
 * n8n edge turns it into a NodeApiError.
 */
import { QUOTA_ZERO_HINT, REASON_HINTS, STATUS_TABLE } from './statusHints';

export type FailureKind = 'api' | 'network' | 'unreadable' | 'timeout' | 'aborted';

export interface ApiFailure {
	kind: FailureKind;
	httpStatus?: number;
	/** Google's status word, e.g. RESOURCE_EXHAUSTED. */
	googleStatus?: string;
	/** Google's own message (or the network error's), with any secret removed. */
	message: string;
	/** ErrorInfo.reason, e.g. API_KEY_INVALID. */
	reason?: string;
	/** RetryInfo.retryDelay, in seconds. */
	retryDelaySeconds?: number;
	/** A 429 whose quota is zero: retrying cannot help. */
	quotaIsZero: boolean;
	retryable: boolean;
	hint: string;
}

interface GoogleErrorDetail {
	'@type'?: string;
	reason?: string;
	retryDelay?: string;
}

interface GoogleErrorBody {
	error?: { code?: number; message?: string; status?: string; details?: GoogleErrorDetail[] };
}

export function removeSecret(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
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

function parseDelaySeconds(delay: string | undefined): number | undefined {
	const match = delay?.match(/^(\d+(?:\.\d+)?)s$/);
	return match ? Number(match[1]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/**
 * An aborted fetch, by its error's name. The SDK wraps a thrown value that is not an Error of
 * its own realm ("exception AbortError: ... sending request"), so the causes count too.
 */
function isAbort(error: Record<string, unknown>): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		if (current.name === 'AbortError' || current.name === 'TimeoutError') return true;
		current = current.cause;
	}
	return false;
}

/**
 * What a network failure says, outermost first: the SDK wraps fetch's TypeError ("fetch
 * failed"), which wraps the socket error ("connect ECONNREFUSED 127.0.0.1:9").
 */
function describeNetworkFailure(error: Record<string, unknown>): string {
	const messages: string[] = [];
	let code: string | undefined;
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		if (typeof current.code === 'string') code ??= current.code;
		const message = typeof current.message === 'string' ? current.message : '';
		if (message && !/^exception .* sending request$/.test(message)) messages.push(message);
		current = current.cause;
	}
	const [outer, ...inner] = messages.length ? messages : [String(error)];
	const detail = inner.length ? `: ${inner[inner.length - 1]}` : '';
	const codeNote = code && !detail.includes(code) ? ` (${code})` : '';
	return `${outer}${detail}${codeNote}`;
}

export function classifyApiError(error: unknown, secret?: string, cancelled = false): ApiFailure {
	const clean = (text: string) => removeSecret(text, secret);
	const err = isObject(error) ? error : { message: String(error) };
	const rawMessage = typeof err.message === 'string' ? err.message : String(error);
	const name = typeof err.name === 'string' ? err.name : '';

	const status = typeof err.status === 'number' ? err.status : undefined;
	if (name === 'ApiError' || status !== undefined) {
		const body = parseGoogleBody(rawMessage);
		const details = body?.error?.details ?? [];
		const httpStatus = status ?? body?.error?.code;
		const reason = details.find((d) => d.reason)?.reason;
		const retryDelaySeconds = parseDelaySeconds(details.find((d) => d.retryDelay)?.retryDelay);
		const message = clean(body?.error?.message ?? rawMessage);
		const quotaIsZero = httpStatus === 429 && /limit:\s*0\b/.test(message);
		const row = (httpStatus && STATUS_TABLE[httpStatus]) || {
			retryable: httpStatus !== undefined && httpStatus >= 500,
			hint: 'Google answered with an error: see the message.',
		};
		let hint = (reason && REASON_HINTS[reason]) || row.hint;
		if (quotaIsZero) hint = QUOTA_ZERO_HINT;
		else if (httpStatus === 429 && retryDelaySeconds !== undefined) {
			hint = `The quota is used up for now: Google asks to wait ${retryDelaySeconds}s before the next request. Lower the number of parallel requests, or raise the quota in Google AI Studio.`;
		}
		return {
			kind: 'api',
			httpStatus,
			googleStatus: body?.error?.status,
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
