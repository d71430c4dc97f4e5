/**
 * A batch job's dynamic webhook (`batch.webhookConfig {uris, userMetadata}`): Google posts to
 * each URI when the job ends. Pure.
 */
export interface BatchWebhook {
	uris: string[];
	/** Returned by Google on each event: what the job carries, for whoever receives it. */
	userMetadata?: Record<string, unknown>;
}

/** Why a Notify URL cannot be sent, or undefined when it can. */
export function notifyUrlProblem(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'is not a URL';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return `uses ${url.protocol.replace(/:$/, '')}, not http or https`;
	}
	// Google stores the URI with the job and shows it to whoever can read the job.
	if (url.username || url.password) return 'holds a user name or password';
	return undefined;
}

/** The webhook of a job: its URL and the carry data Google echoes back. */
export function batchWebhook(
	notifyUrl: string,
	displayName: string,
	carryField: string,
	carries: string[],
): BatchWebhook {
	return {
		uris: [notifyUrl],
		userMetadata: {
			displayName,
			...(carryField ? { carryField, carry: carries } : {}),
		},
	};
}
