/**
 * The one PNG writer of the simulator, the tests and the benchmarks: 8-bit RGB or RGBA, written
 * chunk by chunk (signature, IHDR, IDAT, IEND) with node's zlib. Real files: they decode, and
 * their checksums hold.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

export type PngColour = 'rgb' | 'rgba';

const CHANNELS: Record<PngColour, number> = { rgb: 3, rgba: 4 };
const COLOUR_TYPE: Record<PngColour, number> = { rgb: 2, rgba: 6 };
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 8;
export const FILTER_NONE = 0;
export const FILTER_UP = 2;

/** The bytes of one scanline: its filter byte, then its pixels. */
export function scanlineBytes(width: number, colour: PngColour): number {
	return width * CHANNELS[colour] + 1;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** A PNG file around `idat`: the zlib stream of the image's scanlines, each led by its filter byte. */
export function assemblePng(
	width: number,
	height: number,
	colour: PngColour,
	idat: Buffer,
): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = BIT_DEPTH;
	header[9] = COLOUR_TYPE[colour];
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', idat),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A PNG of random pixels: real and decodable, and as large on disk as in memory, because noise
 * does not compress (2048 x 2048 RGB is 12 MB, 2200 x 2200 RGBA 19 MB). Stored deflate blocks
 * keep it quick to make.
 */
export function noisePng(width: number, height: number, colour: PngColour = 'rgba'): Buffer {
	const rowBytes = scanlineBytes(width, colour);
	const raw = randomBytes(rowBytes * height);
	for (let row = 0; row < height; row++) raw[row * rowBytes] = FILTER_NONE;
	return assemblePng(width, height, colour, deflateSync(raw, { level: 0 }));
}

/**
 * A small opaque RGBA picture: red counts the pixels (0 to 255, again and again, row after row),
 * green and blue are fixed.
 */
export function gradientPng(width: number, height: number): Buffer {
	const rowBytes = scanlineBytes(width, 'rgba');
	const raw = Buffer.alloc(rowBytes * height);
	for (let y = 0; y < height; y++) {
		raw[y * rowBytes] = FILTER_NONE;
		for (let x = 0; x < width; x++) {
			const offset = y * rowBytes + 1 + x * 4;
			raw[offset] = (y * width + x) % 256;
			raw[offset + 1] = 120;
			raw[offset + 2] = 200;
			raw[offset + 3] = 255;
		}
	}
	return assemblePng(width, height, 'rgba', deflateSync(raw));
}
