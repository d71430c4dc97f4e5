/**
 * Real, cheap pictures. A horizontal colour gradient cut into bands, with darker vertical stripes;
 * the colours come from a hash of the request, so the same prompt and seed give identical bytes
 * and different prompts give different bytes. An answer image also carries a caption: a light
 * panel across the middle that says the image is simulated, by which model at which size, and what
 * the prompt asked for. The same words go into the file's metadata (caption-marker.ts), where a
 * test reads them. libvips (sharp) encodes the pixels.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { layoutCaption, type CaptionLayout, type ImageCaption, type Rgb } from './caption-layout';
import { writeCaptionMarker } from './caption-marker';
import { paintCaption } from './caption-paint';

export type PictureFormat = 'png' | 'jpeg';

interface Palette {
	from: Rgb;
	to: Rgb;
	accent: Rgb;
	bands: number;
	stripeWidth: number;
}

function paletteFor(colourKey: string): Palette {
	const d = createHash('sha256').update(colourKey).digest();
	return {
		from: [d[0], d[1], d[2]],
		to: [d[3], d[4], d[5]],
		accent: [d[6], d[7], d[8]],
		bands: 4 + (d[9] % 5),
		stripeWidth: 16 * (1 + (d[10] % 4)),
	};
}

/** One band's RGB row, 3 bytes a pixel. */
function bandRow(width: number, band: number, p: Palette): Buffer {
	const row = Buffer.alloc(width * 3);
	const accentMix = band % 2 === 1 ? 0.4 : 0;
	const shade = 1 - band * 0.06;
	for (let x = 0; x < width; x++) {
		const t = width > 1 ? x / (width - 1) : 0;
		const dark = Math.floor(x / p.stripeWidth) % 2 === 1 ? 0.85 : 1;
		for (let c = 0; c < 3; c++) {
			const base = p.from[c] + (p.to[c] - p.from[c]) * t;
			const mixed = base * (1 - accentMix) + p.accent[c] * accentMix;
			row[x * 3 + c] = Math.max(0, Math.min(255, Math.round(mixed * shade * dark)));
		}
	}
	return row;
}

/**
 * Noise amplitude that gives live JPEG sizes (about 0.32 bytes a pixel: 5.5 MB at 4K). Live
 * answers are photographs; a flat gradient would be a few KB.
 */
const JPEG_NOISE = 56;
/** Noisy variants of each band row; the picture cycles through them (8x8 blocks never repeat). */
const NOISY_ROWS = 16;

/** Noise rows, -JPEG_NOISE/2 to JPEG_NOISE/2 - 1 a byte, from an xorshift stream seeded by the key. */
function noiseRows(seed: string, length: number): Int8Array[] {
	const digest = createHash('sha256').update(seed).digest();
	let [a, b, c, d] = [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset));
	if (!(a | b | c | d)) a = 1;
	return Array.from({ length: NOISY_ROWS }, () => {
		const row = new Int8Array(length);
		for (let i = 0; i < length; i++) {
			const t = a ^ (a << 11);
			[a, b, c] = [b, c, d];
			d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
			row[i] = (d % JPEG_NOISE) - JPEG_NOISE / 2;
		}
		return row;
	});
}

function addNoise(
	pixels: Buffer,
	from: number,
	to: number,
	noise: Int8Array,
	noiseFrom: number,
): void {
	for (let i = from, n = noiseFrom; i < to; i++, n++) {
		const value = pixels[i] + noise[n];
		pixels[i] = value < 0 ? 0 : value > 255 ? 255 : value;
	}
}

function paintPixels(
	width: number,
	height: number,
	format: PictureFormat,
	colourKey: string,
	layout: CaptionLayout | undefined,
): Buffer {
	const palette = paletteFor(colourKey);
	const rowBytes = width * 3;
	const bands = Math.max(1, Math.min(palette.bands, height));
	const noise = format === 'jpeg' ? noiseRows(colourKey, rowBytes) : [];
	// Each band row once per noise row: the frame is then copied row by row.
	const rows = Array.from({ length: bands }, (_, band) => {
		const plain = bandRow(width, band, palette);
		return noise.length === 0
			? [plain]
			: noise.map((row) => {
					const noisy = Buffer.from(plain);
					addNoise(noisy, 0, rowBytes, row, 0);
					return noisy;
				});
	});
	const pixels = Buffer.allocUnsafe(rowBytes * height);
	for (let y = 0; y < height; y++) {
		const band = Math.min(bands - 1, Math.floor((y * bands) / height));
		const variants = rows[band];
		variants[y % variants.length].copy(pixels, y * rowBytes);
	}
	if (!layout) return pixels;
	paintCaption(pixels, width, layout);
	// The panel is noisy like the rest, so a captioned JPEG keeps the live size.
	const { left, right, top, bottom } = layout.panel;
	for (let y = top; y < bottom && noise.length > 0; y++) {
		const row = y * rowBytes;
		addNoise(pixels, row + left * 3, row + right * 3, noise[y % NOISY_ROWS], left * 3);
	}
	return pixels;
}

async function encode(
	width: number,
	height: number,
	format: PictureFormat,
	colourKey: string,
	caption: ImageCaption | undefined,
): Promise<Buffer> {
	const layout = caption && layoutCaption(width, height, caption);
	const pixels = paintPixels(width, height, format, colourKey, layout);
	const image = sharp(pixels, { raw: { width, height, channels: 3 } });
	// Huffman optimisation doubles the time of a 4K JPEG for a few percent of bytes.
	const bytes = await (
		format === 'jpeg'
			? image.jpeg({ quality: 85, optimiseCoding: false })
			: image.png({ compressionLevel: 6 })
	).toBuffer();
	return caption ? writeCaptionMarker(bytes, [caption.heading, caption.body]) : bytes;
}

/** Recently encoded images. Holding promises lets parallel identical requests share one encode. */
const cache = new Map<string, Promise<Buffer>>();
const CACHE_ENTRIES = 24;

/**
 * A width x height image in `format`, its colours from `colourKey`; with a caption, its text is
 * drawn across the middle (left out where the image is too small to hold it) and written into
 * the file's metadata.
 */
export function renderImage(
	width: number,
	height: number,
	format: PictureFormat,
	colourKey: string,
	caption?: ImageCaption,
): Promise<Buffer> {
	const captionKey = caption ? `${caption.heading}\0${caption.body}` : '';
	const key = `${format}:${width}x${height}:${colourKey}:${captionKey}`;
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const made = encode(width, height, format, colourKey, caption);
	cache.set(key, made);
	made.catch(() => cache.delete(key));
	while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
	return made;
}

/** A real PNG for tests to send as an input image. */
export function createTestPng(
	width: number,
	height: number,
	label = 'test image',
): Promise<Buffer> {
	return renderImage(width, height, 'png', `input:${label}`);
}

/** A real JPEG for tests to send as an input image. */
export function createTestJpeg(
	width: number,
	height: number,
	label = 'test image',
): Promise<Buffer> {
	return renderImage(width, height, 'jpeg', `input:${label}`);
}
