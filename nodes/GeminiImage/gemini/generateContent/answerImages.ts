import type { Part } from '@google/genai';

import { inspectImage } from '../../image/inspect';

/** An image of an answer, decoded once and checked: real type, bytes, readable dimensions. */
export interface DecodedImage {
	bytes: Buffer;
	/** What the bytes are, whatever the answer labelled them. */
	mimeType: string;
	width: number;
	height: number;
}

export type AnswerImages =
	{ ok: true; byPart: Map<number, DecodedImage> } | { ok: false; problem: string };

const ANSWER_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif']);

/** Base64 decoded strictly: Node skips characters it does not know, so count what came out. */
function decodeBase64(data: string): Buffer | undefined {
	const text = data.replace(/\s+/g, '');
	if (text.length % 4 !== 0) return undefined;
	const bytes = Buffer.from(text, 'base64');
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

function decodeImage(data: string): DecodedImage | string {
	const bytes = decodeBase64(data);
	if (!bytes) return 'its base64 is invalid';
	if (bytes.length === 0) return 'it is empty';
	const facts = inspectImage(bytes);
	if (!facts.mimeType || !ANSWER_TYPES.has(facts.mimeType)) {
		return `its ${bytes.length} bytes are no image type Gemini makes`;
	}
	if (!facts.width || !facts.height) return `its ${facts.mimeType} header has no dimensions`;
	return { bytes, mimeType: facts.mimeType, width: facts.width, height: facts.height };
}

/**
 * Decodes every image part of an answer (the answer image, thought images) and checks each is
 * an image: an answer with one that is not is refused whole, never passed on. Pure.
 */
export function decodeAnswerImages(parts: readonly Part[]): AnswerImages {
	const byPart = new Map<number, DecodedImage>();
	for (const [index, part] of parts.entries()) {
		const data = part.inlineData?.data;
		if (!data) continue;
		const image = decodeImage(data);
		if (typeof image === 'string') {
			const which = part.thought
				? `thought image (part ${index + 1})`
				: `image (part ${index + 1})`;
			return { ok: false, problem: `the API returned an unreadable ${which}: ${image}` };
		}
		byPart.set(index, image);
	}
	return { ok: true, byPart };
}
