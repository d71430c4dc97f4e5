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
	const requested = options.requested?.trim();
	const base = requested
		? requested.replace(/\.[a-z0-9]{2,5}$/i, '')
		: slugFromPrompt(options.prompt);
	const counter = options.imageCount > 1 ? `-${options.imageNumber}` : '';
	return `${base}${counter}.${extension}`;
}
