/**
 * Reads a PNG back into pixels, for answers re-encoded in another format. 8-bit RGB and RGBA
 * without interlacing (what the simulator writes) are read here with node's zlib, fast at 4K
 * sizes; any other kind goes through pngjs and comes back as RGBA.
 */
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

export interface Pixels {
	width: number;
	height: number;
	/** 3: RGB, 4: RGBA, one byte each. */
	channels: 3 | 4;
	data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(left: number, up: number, upLeft: number): number {
	const p = left + up - upLeft;
	const pa = Math.abs(p - left);
	const pb = Math.abs(p - up);
	const pc = Math.abs(p - upLeft);
	if (pa <= pb && pa <= pc) return left;
	return pb <= pc ? up : upLeft;
}

/** Undoes the per-row filters (None, Sub, Up, Average, Paeth) of the inflated scanlines. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Buffer {
	const stride = width * channels;
	const out = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const source = y * (stride + 1) + 1;
		const row = y * stride;
		const prior = row - stride;
		for (let i = 0; i < stride; i++) {
			const value = raw[source + i];
			const left = i >= channels ? out[row + i - channels] : 0;
			const up = y > 0 ? out[prior + i] : 0;
			let predicted = 0;
			if (filter === 1) predicted = left;
			else if (filter === 2) predicted = up;
			else if (filter === 3) predicted = (left + up) >> 1;
			else if (filter === 4) {
				const upLeft = y > 0 && i >= channels ? out[prior + i - channels] : 0;
				predicted = paeth(left, up, upLeft);
			} else if (filter !== 0) throw new Error(`PNG row ${y} has an unknown filter ${filter}.`);
			out[row + i] = (value + predicted) & 0xff;
		}
	}
	return out;
}

export function readPng(bytes: Buffer): Pixels {
	if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) {
		throw new Error('Not a PNG file.');
	}
	const width = bytes.readUInt32BE(16);
	const height = bytes.readUInt32BE(20);
	const [bitDepth, colourType, , , interlace] = bytes.subarray(24, 29);
	if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
		const decoded = PNG.sync.read(bytes);
		return { width, height, channels: 4, data: decoded.data };
	}
	const channels = colourType === 2 ? 3 : 4;
	const idat: Buffer[] = [];
	for (let offset = 8; offset + 8 <= bytes.length;) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('ascii', offset + 4, offset + 8);
		if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
		if (type === 'IEND') break;
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	if (raw.length < (width * channels + 1) * height) throw new Error('PNG image data is short.');
	return { width, height, channels, data: unfilter(raw, width, height, channels) };
}
