import { PNG } from 'pngjs';
import { createTestPng } from './index';
import { encodeOutput } from './image-output';
import { probeImage } from './image-probe';
import { encodeWebp } from './image-webp';
import { gradientPng, noisePng } from './png';
import { readPng, type Pixels } from './png-read';
import { decodeWebp } from './webp-decode';

/** RGBA of any Pixels, to compare with decoders that answer RGBA. */
function rgba(pixels: Pixels): Buffer {
	if (pixels.channels === 4) return pixels.data;
	const out = Buffer.alloc(pixels.width * pixels.height * 4, 255);
	for (let p = 0; p < pixels.width * pixels.height; p++)
		pixels.data.copy(out, p * 4, p * 3, p * 3 + 3);
	return out;
}

/** A PNG written by pngjs, whose filter heuristic uses all five filter types. */
function pngjsImage(width: number, height: number): Buffer {
	const png = new PNG({ width, height });
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			png.data[i] = (x * 7 + y * 3) & 0xff;
			png.data[i + 1] = (x * y) & 0xff;
			png.data[i + 2] = (x ^ y) & 0xff;
			png.data[i + 3] = (x + y) % 5 === 0 ? 128 : 255;
		}
	}
	return PNG.sync.write(png);
}

describe('the PNG reader', () => {
	it.each([
		['the simulator picture', () => createTestPng(301, 117, 'reader')],
		['noise with alpha', async () => noisePng(63, 41, 'rgba')],
		['a gradient', async () => gradientPng(90, 30)],
		['pngjs filters', async () => pngjsImage(77, 55)],
	])('reads %s as pngjs does', async (_name, make) => {
		const bytes = await make();
		const mine = readPng(bytes);
		const reference = PNG.sync.read(bytes);
		expect([mine.width, mine.height]).toEqual([reference.width, reference.height]);
		expect(rgba(mine).equals(reference.data)).toBe(true);
	});
});

describe('the WebP encoder', () => {
	it.each([
		['the simulator picture', () => createTestPng(1376, 768, 'webp')],
		['noise with alpha', async () => noisePng(97, 53, 'rgba')],
		['pngjs filters', async () => pngjsImage(200, 120)],
		['one pixel', () => createTestPng(1, 1, 'dot')],
	])('encodes %s losslessly, with the size in its header', async (_name, make) => {
		const pixels = readPng(await make());
		const webp = encodeWebp(pixels);
		expect(webp.toString('ascii', 0, 4)).toBe('RIFF');
		expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
		expect(webp.length % 2).toBe(0);
		expect(probeImage(webp)).toEqual({
			format: 'webp',
			width: pixels.width,
			height: pixels.height,
		});
		const decoded = decodeWebp(webp);
		expect([decoded.width, decoded.height]).toEqual([pixels.width, pixels.height]);
		expect(decoded.data.equals(rgba(pixels))).toBe(true);
	});

	it('encodes a 4K picture mostly as copies of the rows above', async () => {
		const pixels = readPng(await createTestPng(5504, 3072, 'four k'));
		const webp = encodeWebp(pixels);
		expect(probeImage(webp)).toMatchObject({ width: 5504, height: 3072 });
		expect(webp.length).toBeLessThan(pixels.data.length / 50);
	});

	it('refuses sizes WebP cannot hold', () => {
		const pixels: Pixels = { width: 16385, height: 1, channels: 3, data: Buffer.alloc(16385 * 3) };
		expect(() => encodeWebp(pixels)).toThrow('1 to 16384 pixels a side');
	});
});

describe('output formats', () => {
	it('converts a PNG to JPEG at a quality, to WebP, and a JPEG back to PNG', async () => {
		const png = await createTestPng(320, 200, 'formats');
		const q10 = encodeOutput(png, { mimeType: 'image/jpeg', quality: 10 });
		const q90 = encodeOutput(png, { mimeType: 'image/jpeg', quality: 90 });
		expect(probeImage(q10)).toEqual({ format: 'jpeg', width: 320, height: 200 });
		expect(q10.length).toBeLessThan(q90.length);
		expect(encodeOutput(png, { mimeType: 'image/png' })).toBe(png);
		const back = encodeOutput(q90, { mimeType: 'image/png' }, 'image/jpeg');
		expect(probeImage(back)).toEqual({ format: 'png', width: 320, height: 200 });
		const webp = encodeOutput(png, { mimeType: 'image/webp', quality: 0 });
		expect(decodeWebp(webp)).toMatchObject({ width: 320, height: 200 });
	});
});
