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
	bmp: 'image/bmp',
	tiff: 'image/tiff',
};

/** Far more than any ftyp box holds (a dozen brands). */
const MAX_FTYP_BYTES = 256;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);

/**
 * HEIC or HEIF, by the ftyp box: its major brand, or for the generic mif1/msf1 its compatible
 * brands (an iPhone photo is mif1 with heic among them). AVIF shares the box and is neither.
 */
export function heifTypeOf(bytes: Buffer): string | undefined {
	if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return undefined;
	// The box says its own size: trust it only within the first bytes, where brands live.
	const size = Math.min(bytes.readUInt32BE(0), bytes.length, MAX_FTYP_BYTES);
	const major = bytes.toString('latin1', 8, 12);
	const compatible: string[] = [];
	for (let offset = 16; offset + 4 <= size; offset += 4) {
		compatible.push(bytes.toString('latin1', offset, offset + 4));
	}
	if (HEIC_BRANDS.has(major)) return 'image/heic';
	if (!HEIF_BRANDS.has(major)) return undefined;
	return compatible.some((brand) => HEIC_BRANDS.has(brand)) ? 'image/heic' : 'image/heif';
}

/** Reads the pixel size and real type from the image header; never decodes pixels. */
export function inspectImage(bytes: Buffer): ImageFacts {
	const heif = heifTypeOf(bytes);
	try {
		const { width, height, type } = imageSize(bytes);
		if (heif) return { width, height, mimeType: heif };
		return { width, height, mimeType: type ? MIME_BY_TYPE[type] : undefined };
	} catch {
		// A HEIF whose size the reader cannot find is still a HEIF.
		return heif ? { mimeType: heif } : {};
	}
}
