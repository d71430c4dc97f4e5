/**
 * Thought signatures. Google's are opaque tokens the client must send back unchanged, and on
 * image parts they are large: 597,616 base64 characters on one live 1K answer, more than the
 * image. Here a signature is a MAC of the part it sits on and of random filler that gives it
 * Google's size, under a fixed secret: no state is kept, so a conversation saved by one
 * simulator process still validates in another, while a signature that was made up, edited,
 * cut short or moved to a different part is rejected.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET = 'gemini-api-simulator/thought-signature/v2';
const MAGIC = Buffer.from('SIMSIG2:');
const MAC_BYTES = 32;

/** 448,000 bytes: 597,336 base64 characters, the size live image answers carry. */
export const LIVE_IMAGE_SIGNATURE_BYTES = 448_000;

/** Google documents these as values that skip validation, for histories built by hand. */
const SKIP_VALIDATION = new Set([
	'skip_thought_signature_validator',
	'context_engineering_is_the_way_to_go',
]);

function mac(kind: 'text' | 'image', content: Buffer, filler: Buffer): Buffer {
	return createHmac('sha256', SECRET)
		.update(kind)
		.update('\0')
		.update(content)
		.update('\0')
		.update(filler)
		.digest();
}

/** A signature of `fillerBytes` random bytes beyond its MAC (0: the smallest, 40 bytes). */
export function signPart(kind: 'text' | 'image', content: Buffer, fillerBytes = 0): string {
	const filler = randomBytes(fillerBytes);
	return Buffer.concat([MAGIC, mac(kind, content, filler), filler]).toString('base64');
}

export function isValidSignature(
	signature: string,
	kind: 'text' | 'image',
	content: Buffer,
): boolean {
	if (SKIP_VALIDATION.has(signature)) return true;
	const raw = Buffer.from(signature, 'base64');
	// A base64 string that does not round-trip was edited (or cut mid-character).
	if (raw.toString('base64') !== signature) return false;
	if (raw.length < MAGIC.length + MAC_BYTES || !raw.subarray(0, MAGIC.length).equals(MAGIC))
		return false;
	const given = raw.subarray(MAGIC.length, MAGIC.length + MAC_BYTES);
	const filler = raw.subarray(MAGIC.length + MAC_BYTES);
	return timingSafeEqual(given, mac(kind, content, filler));
}
