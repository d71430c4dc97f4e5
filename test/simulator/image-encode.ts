/**
 * Real, cheap images. The picture is a horizontal colour gradient cut into horizontal bands, with
 * darker vertical stripes; the colours come from a hash of the request, so the same prompt and seed
 * give identical bytes and different prompts give different bytes. An answer image also carries a
 * caption (text-layout.ts): a light panel across the middle that says the image is simulated, by
 * which model at which size, and what the prompt asked for.
 *
 * Every row inside a band repeats the row above it, and so does every row of a glyph row of the
 * caption, so the PNG encoder writes those rows with the "Up" filter (all zero bytes) and deflate
 * compresses them almost for free: it paints a few hundred rows of a 6336x2688 image (17
 * megapixels), encodes it in about 0.2 s and never needs the whole raw frame in memory.
 */
import { createHash } from 'node:crypto';
import { createDeflate } from 'node:zlib';
import * as jpeg from 'jpeg-js';

import { IntervalCoder } from './jpeg-intervals';
import { readIntervalTables } from './jpeg-tables';
import { assemblePng, FILTER_NONE, FILTER_UP, scanlineBytes } from './png';
import { layoutCaption, type CaptionLayout, type ImageCaption } from './text-layout';
import { captionRowKey, captionRowKeys, paintCaptionRow } from './text-paint';

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

/** Zero rows handed to deflate per write; small enough to stay memory-light. */
const REPEAT_BATCH = 64;

async function encodePng(
	width: number,
	height: number,
	palette: Palette,
	caption: CaptionLayout | undefined,
): Promise<Buffer> {
	const rowBytes = scanlineBytes(width, 'rgb');
	const deflate = createDeflate({ level: 6 });
	const compressed: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
	const done = new Promise<void>((resolve, reject) => {
		deflate.on('end', resolve);
		deflate.on('error', reject);
	});
	const repeated = Buffer.alloc(rowBytes * Math.min(REPEAT_BATCH, height));
	for (let i = 0; i * rowBytes < repeated.length; i++) repeated[i * rowBytes] = FILTER_UP;

	let repeats = 0;
	const writeRepeats = (): void => {
		for (let left = repeats; left > 0; left -= REPEAT_BATCH) {
			deflate.write(repeated.subarray(0, Math.min(left, REPEAT_BATCH) * rowBytes));
		}
		repeats = 0;
	};

	const bands = Math.min(palette.bands, height);
	const captionKeys = captionRowKeys(caption);
	let previousKey = -1;
	for (let y = 0; y < height; y++) {
		const band = bandOf(y, height, bands);
		const key = band * captionKeys + captionRowKey(caption, y);
		if (key === previousKey) {
			repeats++;
			continue;
		}
		writeRepeats();
		const row = Buffer.alloc(rowBytes);
		row[0] = FILTER_NONE;
		paintRow(row, 1, width, band, palette);
		paintCaptionRow(row, 1, caption, y);
		deflate.write(row);
		previousKey = key;
	}
	writeRepeats();
	deflate.end();
	await done;
	return assemblePng(width, height, 'rgb', Buffer.concat(compressed));
}

/** Pixel noise amplitude and quality that give live byte sizes: about 0.32 bytes a pixel. */
const JPEG_NOISE = 40;
const JPEG_QUALITY = 85;
const MCU = 8;

interface Segment {
	marker: number;
	start: number;
	end: number;
}

/** The marker segments of a JPEG up to and including its start of scan. */
function headerSegments(jpegBytes: Buffer): Segment[] {
	const segments: Segment[] = [];
	for (let position = 2; position < jpegBytes.length;) {
		const marker = jpegBytes[position + 1];
		const end = position + 2 + jpegBytes.readUInt16BE(position + 2);
		segments.push({ marker, start: position, end });
		if (marker === 0xda) break;
		position = end;
	}
	return segments;
}

/** The largest number of MCU rows, at most 8, that divides the image's rows evenly. */
function blockRows(rowCount: number): number {
	for (let rows = Math.min(8, rowCount); rows > 1; rows--) if (rowCount % rows === 0) return rows;
	return 1;
}

/**
 * A baseline JPEG of `width` x `height` made from `scans`, the entropy-coded bytes of one block
 * of MCU rows each, top to bottom, and the header of `template` (a JPEG jpeg-js wrote, whose
 * size is patched): every block is a restart interval (DRI), so a coded block can be repeated as
 * it is.
 */
function assembleJpeg(
	template: Buffer,
	width: number,
	height: number,
	scans: Buffer[],
	rows: number,
): Buffer {
	const segments = headerSegments(template);
	const start = segments[segments.length - 1];
	const header = Buffer.from(template.subarray(0, start.start));
	const frame = segments.find((segment) => segment.marker === 0xc0) as Segment;
	header.writeUInt16BE(height, frame.start + 5);
	header.writeUInt16BE(width, frame.start + 7);
	const interval = Math.ceil(width / MCU) * rows;
	const restartInterval = Buffer.from([0xff, 0xdd, 0, 4, interval >> 8, interval & 0xff]);
	const parts = [header, restartInterval, template.subarray(start.start, start.end)];
	scans.forEach((scan, index) => {
		parts.push(scan);
		if (index < scans.length - 1) parts.push(Buffer.from([0xff, 0xd0 + (index % 8)]));
	});
	parts.push(Buffer.from([0xff, 0xd9]));
	return Buffer.concat(parts);
}

/** A small JPEG of JPEG_QUALITY from jpeg-js, for its header: quantisation and Huffman tables. */
let template: Buffer | undefined;
function jpegTemplate(): Buffer {
	template ??= jpeg.encode(
		{ data: Buffer.alloc(8 * 8 * 4, 255), width: 8, height: 8 },
		JPEG_QUALITY,
	).data;
	return template;
}

/**
 * The content of the block of `blockHeight` rows that starts at image row `top`, 3 bytes a
 * pixel: one band of the palette per MCU row, and the caption's rows that fall in it.
 */
function blockContent(
	width: number,
	blockHeight: number,
	top: number,
	bandRows: Buffer[],
	caption: CaptionLayout | undefined,
): Buffer {
	const rgb = Buffer.alloc(width * blockHeight * 3);
	const rowBytes = width * 3;
	for (let y = 0; y < blockHeight; y++) {
		const offset = y * rowBytes;
		const key = captionRowKey(caption, top + y);
		if (y % MCU !== 0 && key === captionRowKey(caption, top + y - 1)) {
			rgb.copy(rgb, offset, offset - rowBytes, offset);
			continue;
		}
		bandRows[Math.floor(y / MCU) % bandRows.length].copy(rgb, offset);
		paintCaptionRow(rgb, offset, caption, top + y);
	}
	return rgb;
}

/**
 * The noise of a block, from the palette's key so it depends on the prompt: what is added to R,
 * G and B of each pixel, -20 to 19. An xorshift128 stream seeded from a hash of the key.
 */
function noiseShifts(seed: string, pixels: number): Int8Array {
	const digest = createHash('sha256').update(seed).digest();
	let [a, b, c, d] = [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset));
	if (!(a | b | c | d)) a = 1;
	const shifts = new Int8Array(pixels);
	for (let i = 0; i < pixels; i++) {
		let t = a ^ (a << 11);
		a = b;
		b = c;
		c = d;
		d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
		t = d % JPEG_NOISE;
		shifts[i] = t - JPEG_NOISE / 2;
	}
	return shifts;
}

/**
 * Live-sized JPEGs, fast at any size: one noisy block of up to 8 MCU rows (one band of the
 * palette each) is coded once, and the image repeats it as restart intervals. The blocks the
 * caption crosses are painted and coded one by one, with the same noise (jpeg-intervals.ts). A
 * 4K answer (5504x3072, about 5.5 MB) takes a fraction of a second.
 */
function encodeJpeg(
	width: number,
	height: number,
	palette: Palette,
	seed: string,
	caption: CaptionLayout | undefined,
): Buffer {
	const rows = blockRows(Math.ceil(height / MCU));
	const blockHeight = rows * MCU;
	const header = jpegTemplate();
	const coder = new IntervalCoder(
		readIntervalTables(header),
		width,
		blockHeight,
		noiseShifts(seed, width * blockHeight),
	);
	const bandRows = Array.from({ length: palette.bands }, (_, band) => {
		const row = Buffer.alloc(width * 3);
		paintRow(row, 0, width, band, palette);
		return row;
	});
	const background = coder.encode(blockContent(width, blockHeight, 0, bandRows, undefined));
	const scans: Buffer[] = new Array(Math.ceil(height / MCU) / rows).fill(background);
	if (caption) {
		const first = Math.floor(caption.panel.top / blockHeight);
		const last = Math.min(scans.length - 1, Math.floor((caption.panel.bottom - 1) / blockHeight));
		for (let index = first; index <= last; index++) {
			const top = index * blockHeight;
			scans[index] = coder.encode(blockContent(width, blockHeight, top, bandRows, caption));
		}
	}
	return assembleJpeg(header, width, height, scans, rows);
}

/** Recently encoded images. Holding promises lets parallel identical requests share one encode. */
const cache = new Map<string, Promise<Buffer>>();
const CACHE_ENTRIES = 24;

/**
 * A width x height image in `format`, its colours from `colourKey`; with a caption, its text is
 * drawn across the middle (left out where the image is too small to hold it).
 */
export function renderImage(
	width: number,
	height: number,
	format: OutputFormat,
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
	const palette = paletteFor(colourKey);
	const layout = caption && layoutCaption(width, height, caption);
	const made =
		format === 'png'
			? encodePng(width, height, palette, layout)
			: Promise.resolve().then(() => encodeJpeg(width, height, palette, colourKey, layout));
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
