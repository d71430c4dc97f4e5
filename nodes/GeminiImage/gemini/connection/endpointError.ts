/**
 * What the node refused of an endpoint's answer: a redirect, a request to another origin, an
 * answer too large to read. Never retried: the same endpoint answers the same way.
 */
export class EndpointError extends Error {
	name = 'EndpointError';

	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** A size for messages: 64 MB, or 1 KB for the small bounds tests set. */
export function megabytes(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** An address as it may be shown: no user name or password, no query (tokens live there). */
export function showableUrl(address: string): string {
	try {
		const url = new URL(address);
		const shown = `${url.protocol}//${url.host}${url.pathname}`;
		return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
	} catch {
		return 'an address that is not a URL';
	}
}
