/** What leaves the node in a message: no secret, and no page-long text. */

/** What must never be shown: the key, and any credentials in the Base URL. */
export type Secrets = string | readonly string[] | undefined;

export function removeSecret(text: string, secrets: Secrets): string {
	const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
	let clean = text;
	for (const secret of list) {
		if (!secret || secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			clean = clean.split(form).join('[redacted]');
		}
	}
	return clean;
}

/** The longest message passed on: Google's own run to a few hundred characters. */
export const MAX_MESSAGE_LENGTH = 2000;

/** An HTML page (a proxy's error page) becomes a short excerpt of its text. */
export const MAX_PAGE_EXCERPT_LENGTH = 300;

export function excerpt(text: string): string {
	const html = /^\s*</.test(text) || /<html|<body|<!doctype/i.test(text);
	const plain = html
		? text
				.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
				.replace(/<[^>]*>/g, ' ')
				.replace(/\s+/g, ' ')
				.trim()
		: text;
	const max = html ? MAX_PAGE_EXCERPT_LENGTH : MAX_MESSAGE_LENGTH;
	if (plain.length <= max) return plain;
	return `${plain.slice(0, max)}… (${text.length} characters in all${html ? ', an HTML page' : ''})`;
}
