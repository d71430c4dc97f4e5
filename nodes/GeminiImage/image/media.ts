import { heifTypeOf } from './inspect';

/** What a reference is, besides an image: Gemini reads videos frame by frame and PDFs page by page. */
export type MediaKind = 'video' | 'pdf';

/** The video types Google lists for video input, and PDF (Gemini API: document understanding). */
export const ACCEPTED_VIDEO_TYPES = [
	'video/mp4',
	'video/mpeg',
	'video/mov',
	'video/quicktime',
	'video/avi',
	'video/x-flv',
	'video/mpg',
	'video/webm',
	'video/wmv',
	'video/3gpp',
] as const;

export const PDF_TYPE = 'application/pdf';

/** The names other programs give the same containers (n8n's file readers among them). */
const ALIASES: Record<string, string> = {
	'video/x-msvideo': 'video/avi',
	'video/msvideo': 'video/avi',
	'video/x-ms-wmv': 'video/wmv',
	'video/x-matroska-webm': 'video/webm',
	'video/3gp': 'video/3gpp',
	'application/x-pdf': PDF_TYPE,
};

/** The container each type is, so a .mov that says video/mp4 is still taken (same container). */
type Container = 'isobmff' | 'mpeg' | 'avi' | 'flv' | 'webm' | 'asf' | 'pdf';

const CONTAINER_OF_TYPE: Record<string, Container> = {
	'video/mp4': 'isobmff',
	'video/mov': 'isobmff',
	'video/quicktime': 'isobmff',
	'video/3gpp': 'isobmff',
	'video/mpeg': 'mpeg',
	'video/mpg': 'mpeg',
	'video/avi': 'avi',
	'video/x-flv': 'flv',
	'video/webm': 'webm',
	'video/wmv': 'asf',
	[PDF_TYPE]: 'pdf',
};

const CONTAINER_NAMES: Record<Container, string> = {
	isobmff: 'MP4/QuickTime',
	mpeg: 'MPEG video',
	avi: 'AVI video',
	flv: 'FLV video',
	webm: 'WebM video',
	asf: 'WMV video',
	pdf: 'PDF',
};

/** QuickTime files may open with other atoms than ftyp. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
	bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

/** The container the bytes really are, by their signature; undefined for anything else. */
export function containerOf(bytes: Buffer): Container | undefined {
	if (bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
	const box = bytes.toString('latin1', 4, 8);
	// HEIC and AVIF photos share the ftyp box: they are images, not videos.
	if (box === 'ftyp') {
		const major = bytes.toString('latin1', 8, 12);
		return heifTypeOf(bytes) || major.startsWith('avi') ? undefined : 'isobmff';
	}
	if (bytes.length >= 8 && QUICKTIME_ATOMS.has(box)) return 'isobmff';
	if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
	if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'AVI ') {
		return 'avi';
	}
	if (bytes.toString('latin1', 0, 3) === 'FLV') return 'flv';
	if (startsWith(bytes, [0, 0, 1, 0xba]) || startsWith(bytes, [0, 0, 1, 0xb3])) return 'mpeg';
	if (startsWith(bytes, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
	return undefined;
}

/** A declared MIME type as Google names it (aliases resolved, parameters dropped). */
export function normalizeMediaType(mimeType: string | undefined): string {
	const bare = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return ALIASES[bare] ?? bare;
}

/** The kind a declared type stands for, or undefined when it is no video or PDF type. */
export function mediaKindOf(mimeType: string | undefined): MediaKind | undefined {
	const type = normalizeMediaType(mimeType);
	if (type === PDF_TYPE) return 'pdf';
	return (ACCEPTED_VIDEO_TYPES as readonly string[]).includes(type) ? 'video' : undefined;
}

export type InputMediaCheck =
	{ ok: true; kind: MediaKind; mimeType: string } | { ok: false; problem: string; hint: string };

/**
 * Checks a video or PDF before it is sent: not empty, and bytes whose signature is the container
 * the declared type names (a renamed file or a truncated download fails here, not at Google).
 */
export function checkInputMedia(
	bytes: Buffer,
	declaredMimeType: string | undefined,
): InputMediaCheck {
	const mimeType = normalizeMediaType(declaredMimeType);
	const kind = mediaKindOf(mimeType);
	if (!kind) {
		return {
			ok: false,
			problem: `is ${mimeType || 'of no MIME type'}, which Gemini does not take as a video or PDF`,
			hint: `Accepted types: ${[...ACCEPTED_VIDEO_TYPES, PDF_TYPE].join(', ')}.`,
		};
	}
	if (bytes.length === 0) {
		return { ok: false, problem: 'is an empty file', hint: 'Check the node that produced it.' };
	}
	const real = containerOf(bytes);
	if (real !== CONTAINER_OF_TYPE[mimeType]) {
		const what = real
			? `holds ${CONTAINER_NAMES[real]} data`
			: `is not a ${kind === 'pdf' ? 'PDF' : 'video'} file`;
		return {
			ok: false,
			problem: `claims to be ${mimeType} but ${what}`,
			hint: 'Set the right MIME type where the file is read, or export the file again.',
		};
	}
	return { ok: true, kind, mimeType };
}
