import { imageSize } from 'image-size';

export interface ImageFacts {
	width?: number;
	height?: number;
	/** The MIME type the bytes really are, when recognised. */
	mimeType?: string;
}

const MIME_BY_TYPE: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	heif: 'image/heif',
	bmp: 'image/bmp',
	tiff: 'image/tiff',
};

/** Reads the pixel size and real type from the image header; never decodes pixels. */
export function inspectImage(bytes: Buffer): ImageFacts {
	try {
		const { width, height, type } = imageSize(bytes);
		return { width, height, mimeType: type ? MIME_BY_TYPE[type] : undefined };
	} catch {
		return {};
	}
}
