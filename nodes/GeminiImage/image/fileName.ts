const EXTENSION_BY_MIME: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/heic': 'heic',
	'image/heif': 'heif',
};

export function extensionFor(mimeType: string): string {
	return EXTENSION_BY_MIME[mimeType.toLowerCase()] ?? 'bin';
}

/** A short, file-system-safe slug from the first words of the prompt. */
export function slugFromPrompt(prompt: string, maxLength = 48): string {
	const slug = prompt
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	const cut = slug.length > maxLength ? slug.slice(0, maxLength).replace(/-[^-]*$/, '') : slug;
	return cut || 'image';
}

/**
 * Characters no name the node writes may hold: C0 and C1 controls, line and paragraph
 * separators, and the bidirectional overrides that can disguise an extension.
 */
export const UNSAFE_CHARACTERS =
	/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The longest base name kept, before the counter and extension. */
export const MAX_FILE_BASE_LENGTH = 100;

/**
 * A name the user typed, made safe as one file name: no folders (its last path segment), no
 * control characters, no leading dots, a sane length.
 */
export function safeBaseName(requested: string): string {
	const lastSegment = requested.split(/[\\/]/).pop() ?? '';
	const cleaned = lastSegment
		.replace(UNSAFE_CHARACTERS, '')
		.replace(/[<>:"|?*]/g, '')
		.replace(/^[.\s]+/, '')
		.trim();
	return cleaned.slice(0, MAX_FILE_BASE_LENGTH).trim();
}

/**
 * The output file name: the user's name (or a slug of the prompt), a counter when one item
 * holds several images, and the extension of the image's real type.
 */
export function buildFileName(options: {
	requested?: string;
	prompt: string;
	mimeType: string;
	imageNumber: number;
	imageCount: number;
}): string {
	const extension = extensionFor(options.mimeType);
	const requested = safeBaseName(options.requested ?? '').replace(/\.[a-z0-9]{2,5}$/i, '');
	const base = requested || slugFromPrompt(options.prompt);
	const counter = options.imageCount > 1 ? `-${options.imageNumber}` : '';
	return `${base}${counter}.${extension}`;
}
