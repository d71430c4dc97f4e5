/** Reads a JSON request body within Google's 100 MB limit, recording it as received. */
import { invalidJson, payloadTooLarge } from './google-errors';
import { readBody, type Exchange } from './http-util';

export const JSON_BODY_LIMIT = 104857600;

/** Google's parser points at the failing spot; a short excerpt around it does the same job. */
function describeSyntaxError(text: string, error: Error): string {
	const position = /position (\d+)/.exec(error.message);
	const at = position ? Number(position[1]) : 0;
	const excerpt = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
	return `Unexpected token.\n${excerpt}\n${' '.repeat(Math.min(20, at))}^`;
}

/** undefined for an empty body, which Google treats as an empty message. */
export async function readJsonBody(ex: Exchange): Promise<unknown> {
	const result = await readBody(ex.req, JSON_BODY_LIMIT);
	if (!result.ok) throw payloadTooLarge(JSON_BODY_LIMIT);
	if (ex.record) ex.record.bodyBytes = result.bytes.length;
	if (result.bytes.length === 0) return undefined;
	const text = result.bytes.toString('utf8');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch (error) {
		throw invalidJson(describeSyntaxError(text, error as Error));
	}
	if (ex.record) ex.record.body = body;
	return body;
}
