/** Small made-up PNGs for tests and benchmarks, written synchronously with pngjs. */
import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';

export type PngColour = 'rgb' | 'rgba';

function writePng(
	width: number,
	height: number,
	rgba: Buffer,
	colour: PngColour,
	level = 6,
): Buffer {
	const png = new PNG({ width, height });
	png.data = rgba;
	return PNG.sync.write(png, {
		colorType: colour === 'rgba' ? 6 : 2,
		deflateLevel: level,
		filterType: 0,
	});
}

/**
 * A PNG of random pixels: real and decodable, and as large on disk as in memory, because noise
 * does not compress (2048 x 2048 RGB is 12 MB, 2200 x 2200 RGBA 19 MB). Stored deflate blocks
 * keep it quick to make.
 */
export function noisePng(width: number, height: number, colour: PngColour = 'rgba'): Buffer {
	const rgba = randomBytes(width * height * 4);
	if (colour === 'rgb') for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
	return writePng(width, height, rgba, colour, 0);
}

/**
 * A small opaque RGBA picture: red counts the pixels (0 to 255, again and again, row after row),
 * green and blue are fixed.
 */
export function gradientPng(width: number, height: number): Buffer {
	const rgba = Buffer.alloc(width * height * 4);
	for (let i = 0; i < width * height; i++) rgba.set([i % 256, 120, 200, 255], i * 4);
	return writePng(width, height, rgba, 'rgba');
}
