import type { ImageSize } from './models';
import { findModelCapabilities } from './models';

/**
 * Google's paid-tier price per output image in US dollars, by model family and size (checked
 * 2026-12; the Batch API halves them). Prices change: this is the one place to update.
 */
const PRICE_PER_IMAGE_USD: Record<string, Partial<Record<ImageSize, number>>> = {
	'gemini-2.5-flash-image': { '1K': 0.039 },
	'gemini-3-pro-image': { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
	'gemini-3.1-flash-image': { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
	// 1120/1680/3780 output tokens at $30 per million (third-party reports; Google's page lists
	// no figure yet).
	'gemini-nano-banana-2.1': { '1K': 0.0336, '2K': 0.0504, '4K': 0.1134 },
	'gemini-3.1-flash-lite-image': { '1K': 0.0336 },
};

/** The list price of one image, or undefined where Google publishes none for the model. */
export function estimateImageCostUsd(
	modelId: string,
	imageSize: ImageSize | undefined,
): number | undefined {
	const family = findModelCapabilities(modelId)?.family;
	return family ? PRICE_PER_IMAGE_USD[family]?.[imageSize ?? '1K'] : undefined;
}
