import { readFileSync } from 'node:fs';

import * as jpeg from 'jpeg-js';

export interface DecodedJpeg {
	width: number;
	height: number;
	bytes: number;
}

/**
 * Reads a JPEG whole: it must start with SOI and end with EOI (a cut-off file does not) and
 * decode to every pixel of the size its header gives.
 */
export function readWholeJpeg(path: string): DecodedJpeg {
	const buffer = readFileSync(path);
	if (buffer.length < 4 || buffer[0] !== 0xff || buffer[1] !== 0xd8) {
		throw new Error(`${path} is not a JPEG (no start-of-image marker)`);
	}
	if (buffer[buffer.length - 2] !== 0xff || buffer[buffer.length - 1] !== 0xd9) {
		throw new Error(`${path} does not end with the end-of-image marker: cut off?`);
	}
	const image = jpeg.decode(buffer, { useTArray: true, maxMemoryUsageInMB: 2048 });
	if (image.data.length !== image.width * image.height * 4) {
		throw new Error(
			`${path}: ${image.data.length} bytes of pixels for ${image.width}x${image.height}`,
		);
	}
	return { width: image.width, height: image.height, bytes: buffer.length };
}
