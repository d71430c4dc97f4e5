import { existsSync, readdirSync, readFileSync } from 'node:fs';

import { imageSize } from 'image-size';
import { PNG } from 'pngjs';

export interface DecodedImage {
	type: string;
	width: number;
	height: number;
	bytes: number;
}

/** Reads an image file; a PNG is fully decoded (checksums included), so a broken file fails. */
export function readImageFile(path: string): DecodedImage {
	const buffer = readFileSync(path);
	const { type = 'unknown', width, height } = imageSize(buffer);
	if (type === 'png') {
		const png = PNG.sync.read(buffer);
		if (png.width !== width || png.height !== height) {
			throw new Error(`${path}: the PNG header and its pixels disagree`);
		}
	}
	return { type, width, height, bytes: buffer.length };
}

export function listFiles(folder: string): string[] {
	return existsSync(folder) ? readdirSync(folder).sort() : [];
}

/** Polls a folder until `ready` accepts its file names, or the time is up. */
export async function waitForFiles(
	folder: string,
	ready: (names: string[]) => boolean,
	timeoutMs: number,
): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const names = listFiles(folder);
		if (ready(names)) return names;
		if (Date.now() > deadline) {
			throw new Error(
				`Waited ${timeoutMs / 1000} s; ${folder} holds: ${names.join(', ') || '(nothing)'}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
