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
import { createDeflate } from 'node:zlib';
import * as jpeg from 'jpeg-js';

import { assemblePng, FILTER_NONE, FILTER_UP, scanlineBytes } from './png';

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

async function encodePng(width: number, height: number, palette: Palette): Promise<Buffer> {
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
	return assemblePng(width, height, 'rgb', Buffer.concat(compressed));
}

/** Pixel noise amplitude and quality that give live byte sizes: about 0.32 bytes a pixel. */
const JPEG_NOISE = 40;
const JPEG_QUALITY = 85;
const MCU = 8;

/** A deterministic byte stream from the palette's key, for noise that depends on the prompt. */
function noiseBytes(seed: string, length: number): Buffer {
	const out = Buffer.alloc(length);
	for (let block = 0, offset = 0; offset < length; block++, offset += 32) {
		createHash('sha256').update(seed).update(String(block)).digest().copy(out, offset);
	}
	return out;
}

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
 * A baseline JPEG of `height` rows made from one encoded block of MCU rows: the block is a
 * restart interval (DRI), so its entropy-coded bytes can be repeated as they are.
 */
function assembleJpeg(
	block: Buffer,
	width: number,
	height: number,
	scan: Buffer,
	rows: number,
): Buffer {
	const segments = headerSegments(block);
	const start = segments[segments.length - 1];
	const header = Buffer.from(block.subarray(0, start.start));
	const frame = segments.find((segment) => segment.marker === 0xc0) as Segment;
	header.writeUInt16BE(height, frame.start + 5);
	const interval = Math.ceil(width / MCU) * rows;
	const restartInterval = Buffer.from([0xff, 0xdd, 0, 4, interval >> 8, interval & 0xff]);
	const parts = [header, restartInterval, block.subarray(start.start, start.end)];
	const blocks = Math.ceil(height / MCU) / rows;
	for (let index = 0; index < blocks; index++) {
		parts.push(scan);
		if (index < blocks - 1) parts.push(Buffer.from([0xff, 0xd0 + (index % 8)]));
	}
	parts.push(Buffer.from([0xff, 0xd9]));
	return Buffer.concat(parts);
}

/**
 * The entropy-coded bytes of the block. The encoder pads them to a byte; when they already
 * ended on one it adds a whole 0xFF (stuffed as FF 00), which decoders read as data in front
 * of the next restart marker: such a block is used without it.
 */
function blockScan(block: Buffer, width: number, rows: number): Buffer {
	const segments = headerSegments(block);
	const raw = block.subarray(segments[segments.length - 1].end, block.length - 2);
	const padded = raw.length >= 2 && raw[raw.length - 2] === 0xff && raw[raw.length - 1] === 0;
	if (!padded) return raw;
	try {
		jpeg.decode(assembleJpeg(block, width, MCU * rows * 2, raw, rows));
		return raw;
	} catch {
		return raw.subarray(0, raw.length - 2);
	}
}

/**
 * Live-sized JPEGs, fast at any size: one noisy block of up to 8 MCU rows (one band of the
 * palette each) is encoded in a single call, and the image repeats it as restart intervals.
 * A 4K answer (5504x3072, about 5 MB) takes a fraction of a second.
 */
function encodeJpeg(width: number, height: number, palette: Palette, seed: string): Buffer {
	const rows = blockRows(Math.ceil(height / MCU));
	const blockHeight = rows * MCU;
	const row = Buffer.alloc(width * 3);
	const noise = noiseBytes(seed, width * blockHeight);
	const rgba = Buffer.alloc(width * blockHeight * 4, 255);
	for (let mcuRow = 0; mcuRow < rows; mcuRow++) {
		paintRow(row, 0, width, mcuRow % palette.bands, palette);
		for (let y = mcuRow * MCU; y < (mcuRow + 1) * MCU; y++) {
			for (let x = 0; x < width; x++) {
				const shift = (noise[y * width + x] % JPEG_NOISE) - JPEG_NOISE / 2;
				for (let c = 0; c < 3; c++) {
					rgba[(y * width + x) * 4 + c] = Math.max(0, Math.min(255, row[x * 3 + c] + shift));
				}
			}
		}
	}
	const block = jpeg.encode({ data: rgba, width, height: blockHeight }, JPEG_QUALITY).data;
	return assembleJpeg(block, width, height, blockScan(block, width, rows), rows);
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
			: Promise.resolve().then(() => encodeJpeg(width, height, palette, colourKey));
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
