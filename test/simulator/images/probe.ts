/** An image's format and pixel size, read from its header bytes by `image-size`. */
import { imageSize } from 'image-size';

export interface ImageProbe {
	format: 'png' | 'jpeg' | 'webp' | 'heif' | 'gif';
	width?: number;
	height?: number;
}

/** The formats an input image may have; anything else (or bytes that are no image) is undefined. */
const KNOWN: Record<string, ImageProbe['format']> = {
	png: 'png',
	jpg: 'jpeg',
	webp: 'webp',
	gif: 'gif',
};

export function probeImage(bytes: Buffer): ImageProbe | undefined {
	// HEIF: any ISO-BMFF file passes; its size sits deep in boxes a camera may order otherwise.
	if (bytes.length >= 12 && bytes.toString('ascii', 4, 8) === 'ftyp') return { format: 'heif' };
	try {
		const { type, width, height } = imageSize(bytes);
		const format = type === undefined ? undefined : KNOWN[type];
		return format ? { format, width, height } : undefined;
	} catch {
		return undefined;
	}
}
