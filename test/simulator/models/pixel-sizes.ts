/** Output pixel sizes, from Google's published tables, and the follow-the-input ratio rule. */
import { bareModelId, findModel } from './table';

export interface PixelSize {
	width: number;
	height: number;
}

type Size = [number, number];

/** 1K sizes of the standard columns; 2K and 4K are exact multiples. */
const STANDARD_1K: Record<string, Size> = {
	'1:1': [1024, 1024],
	'2:3': [848, 1264],
	'3:2': [1264, 848],
	'3:4': [896, 1200],
	'4:3': [1200, 896],
	'4:5': [928, 1152],
	'5:4': [1152, 928],
	'9:16': [768, 1376],
	'16:9': [1376, 768],
	'21:9': [1584, 672],
	// Not in the published table: about a megapixel, in multiples of 16, like the others.
	'1:4': [512, 2048],
	'4:1': [2048, 512],
	'1:8': [384, 3072],
	'8:1': [3072, 384],
};

const FLASH_25: Record<string, Size> = {
	'1:1': [1024, 1024],
	'2:3': [832, 1248],
	'3:2': [1248, 832],
	'3:4': [864, 1184],
	'4:3': [1184, 864],
	'4:5': [896, 1152],
	'5:4': [1152, 896],
	'9:16': [768, 1344],
	'16:9': [1344, 768],
	'21:9': [1536, 672],
};

const SIZE_FACTOR: Record<string, number> = { '1K': 1, '2K': 2, '4K': 4 };

/** '512' is half of 1K, kept on the 16-pixel grid the other sizes use. */
function half(value: number): number {
	return Math.round(value / 2 / 16) * 16;
}

/**
 * The width and height the simulator (and Google) produce. aspectRatio undefined means 1:1 and
 * imageSize undefined means 1K. Throws for a ratio or size that has no published size.
 */
export function expectedPixelSize(
	model: string,
	aspectRatio: string | undefined,
	imageSize: string | undefined,
): PixelSize {
	const ratio = aspectRatio ?? '1:1';
	const size = imageSize ?? '1K';
	const spec = findModel(model);
	const flash25 = spec
		? spec.image?.pixelTable === 'flash-2.5'
		: bareModelId(model).startsWith('gemini-2.5-flash-image');
	const table = flash25 ? FLASH_25 : STANDARD_1K;
	const base = table[ratio];
	if (!base) throw new Error(`No pixel size for aspect ratio ${ratio} on ${model}`);
	if (size === '512') return { width: half(base[0]), height: half(base[1]) };
	const factor = SIZE_FACTOR[size];
	if (factor === undefined || (flash25 && factor !== 1)) {
		throw new Error(`No pixel size for image size ${size} on ${model}`);
	}
	return { width: base[0] * factor, height: base[1] * factor };
}

function ratioValue(ratio: string): number {
	const [w, h] = ratio.split(':').map(Number);
	return w / h;
}

/**
 * The allowed ratio nearest to width/height, compared on a log scale so that 2:1 and 1:2 are
 * equally far from 1:1.
 */
export function closestRatio(width: number, height: number, allowed: readonly string[]): string {
	const target = Math.log(width / height);
	let best = allowed[0];
	let bestDistance = Infinity;
	for (const ratio of allowed) {
		const distance = Math.abs(Math.log(ratioValue(ratio)) - target);
		if (distance < bestDistance) {
			best = ratio;
			bestDistance = distance;
		}
	}
	return best;
}
