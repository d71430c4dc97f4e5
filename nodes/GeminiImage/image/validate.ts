import { inspectImage } from './inspect';

/** The input types the Gemini API takes. */
export const ACCEPTED_INPUT_TYPES = [
	'image/png',
	'image/jpeg',
	'image/webp',
	'image/heic',
	'image/heif',
] as const;

/** Types the node converts before sending (the seed's list had GIF; Google's no longer does). */
export const CONVERTED_INPUT_TYPES = ['image/gif'] as const;

const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

export type InputImageCheck =
	| { ok: true; mimeType: string; width?: number; height?: number }
	| { ok: false; problem: string; hint: string };

function normalizeMime(mimeType: string | undefined): string {
	const bare = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return ALIASES[bare] ?? bare;
}

/**
 * Checks an input image before it is sent: an accepted type, not empty, and bytes that really
 * are the type they claim (a renamed PDF or a truncated download fails here, not at Google).
 */
export function checkInputImage(
	bytes: Buffer,
	declaredMimeType: string | undefined,
): InputImageCheck {
	const accepted = [...ACCEPTED_INPUT_TYPES, ...CONVERTED_INPUT_TYPES].join(', ');
	if (bytes.length === 0) {
		return { ok: false, problem: 'is an empty file', hint: 'Check the node that produced it.' };
	}
	const declared = normalizeMime(declaredMimeType);
	const facts = inspectImage(bytes);
	// HEIC is HEIF with HEVC inside: either label fits either file.
	const heifFamily = (type: string | undefined) => type === 'image/heic' || type === 'image/heif';
	const known: readonly string[] = [...ACCEPTED_INPUT_TYPES, ...CONVERTED_INPUT_TYPES];
	if (!known.includes(declared)) {
		const what = declared ? `is ${declared}` : 'has no MIME type';
		return {
			ok: false,
			problem: `${what}, which Gemini does not take as an image`,
			hint: `Accepted types: ${accepted}.`,
		};
	}
	if (
		!facts.mimeType ||
		(facts.mimeType !== declared && !(heifFamily(declared) && heifFamily(facts.mimeType)))
	) {
		const real = facts.mimeType ? `holds ${facts.mimeType} data` : 'is not an image';
		return {
			ok: false,
			problem: `claims to be ${declared} but ${real}`,
			hint: 'Set the right MIME type where the file is read, or re-export the image.',
		};
	}
	return { ok: true, mimeType: facts.mimeType, width: facts.width, height: facts.height };
}
