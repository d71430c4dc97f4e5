import { closestRatio, expectedPixelSize } from './pixel-sizes';
import { STANDARD_RATIOS } from './table';

describe('expectedPixelSize', () => {
	it.each([
		['gemini-2.5-flash-image', '1:1', undefined, 1024, 1024],
		['gemini-2.5-flash-image', '16:9', '1K', 1344, 768],
		['gemini-2.5-flash-image', '21:9', undefined, 1536, 672],
		['gemini-3-pro-image-preview', '16:9', '1K', 1376, 768],
		['gemini-3-pro-image', '2:3', '2K', 1696, 2528],
		['gemini-3-pro-image', '21:9', '4K', 6336, 2688],
		['gemini-3.1-flash-image', '1:1', '512', 512, 512],
		['gemini-3.1-flash-image', '16:9', '512', 688, 384],
		['gemini-3.1-flash-image', '1:4', '2K', 1024, 4096],
		['gemini-nano-banana-2.1', '8:1', '1K', 3072, 384],
		['models/gemini-3.1-flash-lite-image', undefined, undefined, 1024, 1024],
	])('%s %s %s is %ix%i', (model, ratio, size, width, height) => {
		expect(expectedPixelSize(model, ratio, size)).toEqual({ width, height });
	});

	it('keeps every size on the 16-pixel grid', () => {
		for (const ratio of STANDARD_RATIOS) {
			for (const size of ['512', '1K', '2K', '4K']) {
				const { width, height } = expectedPixelSize('gemini-3.1-flash-image', ratio, size);
				expect(width % 16).toBe(0);
				expect(height % 16).toBe(0);
			}
		}
	});

	it('refuses sizes that do not exist', () => {
		expect(() => expectedPixelSize('gemini-2.5-flash-image', '1:1', '2K')).toThrow();
		expect(() => expectedPixelSize('gemini-3-pro-image', '7:3', '1K')).toThrow();
		expect(() => expectedPixelSize('gemini-3-pro-image', '1:1', '1k')).toThrow();
	});
});

describe('closestRatio', () => {
	it('picks the nearest allowed ratio', () => {
		expect(closestRatio(1920, 1080, STANDARD_RATIOS)).toBe('16:9');
		expect(closestRatio(1000, 1000, STANDARD_RATIOS)).toBe('1:1');
		expect(closestRatio(600, 800, STANDARD_RATIOS)).toBe('3:4');
		expect(closestRatio(3000, 1000, STANDARD_RATIOS)).toBe('21:9');
		expect(closestRatio(3000, 1000, [...STANDARD_RATIOS, '4:1'])).toBe('21:9');
		expect(closestRatio(4000, 1000, [...STANDARD_RATIOS, '4:1'])).toBe('4:1');
	});
});
