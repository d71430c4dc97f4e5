/**
 * Thought signatures. Google's are opaque tokens the client must send back unchanged. Here a
 * signature is an HMAC of the part it sits on, under a fixed secret: no state is kept, so a
 * conversation saved by one simulator process still validates in another, while a signature that
 * was made up, edited, or moved to a different part is rejected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SECRET = 'gemini-api-simulator/thought-signature/v1';
const MAGIC = Buffer.from('SIMSIG1:');

/** Google documents these as values that skip validation, for histories built by hand. */
const SKIP_VALIDATION = new Set([
	'skip_thought_signature_validator',
	'context_engineering_is_the_way_to_go',
]);

function mac(kind: 'text' | 'image', content: Buffer): Buffer {
	return createHmac('sha256', SECRET).update(kind).update('\0').update(content).digest();
}

export function signPart(kind: 'text' | 'image', content: Buffer): string {
	return Buffer.concat([MAGIC, mac(kind, content)]).toString('base64');
}

export function isValidSignature(
	signature: string,
	kind: 'text' | 'image',
	content: Buffer,
): boolean {
	if (SKIP_VALIDATION.has(signature)) return true;
	const raw = Buffer.from(signature, 'base64');
	if (raw.length !== MAGIC.length + 32 || !raw.subarray(0, MAGIC.length).equals(MAGIC))
		return false;
	return timingSafeEqual(raw.subarray(MAGIC.length), mac(kind, content));
}
