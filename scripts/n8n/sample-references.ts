import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { writeSamplePhoto } from './examples';

/** The pictures the compose example reads from its references folder. */
export const SAMPLE_REFERENCES = ['landscape.png', 'pattern.png'] as const;

/**
 * Fills `folder` with two reference pictures for the compose example: a landscape (the same
 * scene as the edit example's photo) and a square pattern of warm stripes and dots to take the
 * colours and shapes from.
 */
export async function writeSampleReferences(folder: string): Promise<string[]> {
	await mkdir(folder, { recursive: true });
	const [landscape, pattern] = SAMPLE_REFERENCES.map((name) => join(folder, name));
	await writeSamplePhoto(landscape, 640, 400);
	await writeFile(pattern, drawPattern(480));
	return [landscape, pattern];
}

function drawPattern(size: number): Buffer {
	const png = new PNG({ width: size, height: size });
	const stripes: Array<[number, number, number]> = [
		[233, 110, 80],
		[244, 185, 66],
		[42, 157, 143],
		[38, 70, 83],
	];
	const cell = size / 6;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const band = Math.floor((x + y) / (size / 8)) % stripes.length;
			let rgb = stripes[band];
			const dx = (x % cell) - cell / 2;
			const dy = (y % cell) - cell / 2;
			if (dx * dx + dy * dy < (cell * 0.22) ** 2) rgb = [250, 243, 221];
			const offset = (y * size + x) * 4;
			png.data[offset] = rgb[0];
			png.data[offset + 1] = rgb[1];
			png.data[offset + 2] = rgb[2];
			png.data[offset + 3] = 255;
		}
	}
	return PNG.sync.write(png);
}
