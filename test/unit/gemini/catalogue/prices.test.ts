import { estimateImageCostUsd } from '../../../../nodes/GeminiImage/gemini/catalogue/prices';

describe('estimateImageCostUsd', () => {
	it.each([
		['gemini-2.5-flash-image', undefined, 0.039],
		['gemini-3-pro-image-preview', '2K', 0.134],
		['gemini-3-pro-image', '4K', 0.24],
		['gemini-3.1-flash-image', '512', 0.045],
		['gemini-3.1-flash-image', undefined, 0.067],
		['gemini-nano-banana-2.1', undefined, 0.0336],
		['gemini-nano-banana-2.1', '2K', 0.0504],
		['gemini-nano-banana-2.1', '4K', 0.1134],
		['gemini-3.1-flash-lite-image', '1K', 0.0336],
	] as const)('%s at %s costs %s', (model, size, price) => {
		expect(estimateImageCostUsd(model, size)).toBe(price);
	});

	it('knows no price for models Google has not priced', () => {
		expect(estimateImageCostUsd('gemini-nano-banana-2.1', '512')).toBeUndefined();
		expect(estimateImageCostUsd('gemini-9-image', '1K')).toBeUndefined();
	});
});
