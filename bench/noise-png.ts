/**
 * A PNG of random pixels: real and decodable, and as large on disk as in memory, because noise
 * does not compress (2048 x 2048 RGB is 12 MB). Stored deflate blocks keep it quick to make.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import { pngChunk } from '../test/simulator/image-encode';

export function noisePng(width: number, height: number): Buffer {
	const rowBytes = width * 3 + 1;
	const raw = randomBytes(rowBytes * height);
	for (let row = 0; row < height; row++) raw[row * rowBytes] = 0; // filter: none
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(raw, { level: 0 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
