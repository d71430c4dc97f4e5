/**
 * Real, cheap images. The picture is a horizontal colour gradient cut into horizontal bands, with
 * darker vertical stripes; the colours come from a hash of the request, so the same prompt and seed
 * give identical bytes and different prompts give different bytes.
 *
 * Every row inside a band repeats the band's first row, so the PNG encoder writes those rows with
 * the "Up" filter (all zero bytes) and deflate compresses them almost for free: a 6336x2688 image
 * (17 megapixels) encodes in tens of milliseconds and never needs the whole raw frame in memory.
 */
import { createHash } from 'node:crypto';
import { createDeflate, crc32 } from 'node:zlib';
import * as jpeg from 'jpeg-js';

export type OutputFormat = 'png' | 'jpeg';

type Rgb = [number, number, number];

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

function bandOf(y: number, height: number, bands: number): number {
	return Math.min(bands - 1, Math.floor((y * bands) / height));
}

/** Writes one band's RGB row (3 bytes a pixel) into target at offset. */
function paintRow(target: Buffer, offset: number, width: number, band: number, p: Palette): void {
	const accentMix = band % 2 === 1 ? 0.4 : 0;
	const shade = 1 - band * 0.06;
	for (let x = 0; x < width; x++) {
		const t = width > 1 ? x / (width - 1) : 0;
		const dark = Math.floor(x / p.stripeWidth) % 2 === 1 ? 0.85 : 1;
		for (let c = 0; c < 3; c++) {
			const base = p.from[c] + (p.to[c] - p.from[c]) * t;
			const mixed = base * (1 - accentMix) + p.accent[c] * accentMix;
			target[offset + x * 3 + c] = Math.max(0, Math.min(255, Math.round(mixed * shade * dark)));
		}
	}
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FILTER_NONE = 0;
const FILTER_UP = 2;
/** Zero rows handed to deflate per write; small enough to stay memory-light. */
const REPEAT_BATCH = 64;

export function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

async function encodePng(width: number, height: number, palette: Palette): Promise<Buffer> {
	const rowBytes = width * 3 + 1;
	const deflate = createDeflate({ level: 6 });
	const compressed: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
	const done = new Promise<void>((resolve, reject) => {
		deflate.on('end', resolve);
		deflate.on('error', reject);
	});
	const repeated = Buffer.alloc(rowBytes * Math.min(REPEAT_BATCH, height));
	for (let i = 0; i * rowBytes < repeated.length; i++) repeated[i * rowBytes] = FILTER_UP;

	const bands = Math.min(palette.bands, height);
	for (let band = 0; band < bands; band++) {
		const start = Math.ceil((band * height) / bands);
		const end = Math.ceil(((band + 1) * height) / bands);
		const first = Buffer.alloc(rowBytes);
		first[0] = FILTER_NONE;
		paintRow(first, 1, width, bandOf(start, height, bands), palette);
		deflate.write(first);
		for (let left = end - start - 1; left > 0; left -= REPEAT_BATCH) {
			deflate.write(repeated.subarray(0, Math.min(left, REPEAT_BATCH) * rowBytes));
		}
	}
	deflate.end();
	await done;

	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	return Buffer.concat([
		PNG_SIGNATURE,
		pngChunk('IHDR', header),
		pngChunk('IDAT', Buffer.concat(compressed)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** jpeg-js needs the whole RGBA frame; JPEG answers are opt-in, so the cost is accepted. */
function encodeJpeg(width: number, height: number, palette: Palette): Buffer {
	const rgba = Buffer.alloc(width * height * 4, 255);
	const row = Buffer.alloc(width * 3);
	const bands = Math.min(palette.bands, height);
	let paintedBand = -1;
	for (let y = 0; y < height; y++) {
		const band = bandOf(y, height, bands);
		if (band !== paintedBand) {
			paintRow(row, 0, width, band, palette);
			paintedBand = band;
		}
		const offset = y * width * 4;
		for (let x = 0; x < width; x++) {
			rgba[offset + x * 4] = row[x * 3];
			rgba[offset + x * 4 + 1] = row[x * 3 + 1];
			rgba[offset + x * 4 + 2] = row[x * 3 + 2];
		}
	}
	return jpeg.encode({ data: rgba, width, height }, 85).data;
}

/** Recently encoded images. Holding promises lets parallel identical requests share one encode. */
const cache = new Map<string, Promise<Buffer>>();
const CACHE_ENTRIES = 24;

export function renderImage(
	width: number,
	height: number,
	format: OutputFormat,
	colourKey: string,
): Promise<Buffer> {
	const key = `${format}:${width}x${height}:${colourKey}`;
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const palette = paletteFor(colourKey);
	const made =
		format === 'png'
			? encodePng(width, height, palette)
			: Promise.resolve().then(() => encodeJpeg(width, height, palette));
	cache.set(key, made);
	made.catch(() => cache.delete(key));
	while (cache.size > CACHE_ENTRIES) {
		const oldest = cache.keys().next().value as string;
		cache.delete(oldest);
	}
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
