/** Reading an error through its chain of causes, as fetch and the SDK wrap them. */

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/**
 * An aborted fetch, by its error's name. The SDK wraps a thrown value that is not an Error of
 * its own realm ("exception AbortError: ... sending request"), so the causes count too.
 */
/** fetch's names for an aborted request, and the Interactions client's own. */
const ABORT_NAMES = new Set([
	'AbortError',
	'TimeoutError',
	'RequestTimeoutError',
	'RequestAbortedError',
	'APIConnectionTimeoutError',
	'APIUserAbortError',
]);

export function isAbort(error: Record<string, unknown>): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		if (typeof current.name === 'string' && ABORT_NAMES.has(current.name)) return true;
		current = current.cause;
	}
	return false;
}

/**
 * What a network failure says, outermost first: the SDK wraps fetch's TypeError ("fetch
 * failed"), which wraps the socket error ("connect ECONNREFUSED 127.0.0.1:9").
 */
export function describeNetworkFailure(error: Record<string, unknown>): string {
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

/** The first error in the chain of causes with this name. */
export function findInCauses(error: Record<string, unknown>, name: string) {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && isObject(current); depth++) {
		if (current.name === name) return current;
		current = current.cause;
	}
	return undefined;
}
