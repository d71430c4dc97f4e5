import {
	findModelCapabilities,
	MODEL_CAPABILITIES,
} from '../../../../nodes/GeminiImage/gemini/catalogue/models';
import type { GenerationSettings } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';
import { findSettingProblems } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';
import { parameterLabel } from '../../../../nodes/GeminiImage/n8n/labels';

const settings = (over: Partial<GenerationSettings>): GenerationSettings => ({
	model: 'gemini-3.1-flash-image',
	responseModalities: ['TEXT', 'IMAGE'],
	safetySettings: [],
	includeThoughts: false,
	googleSearch: false,
	...over,
});

describe('capability table', () => {
	it.each([
		['gemini-2.5-flash-image', 'gemini-2.5-flash-image'],
		['models/gemini-2.5-flash-image-preview', 'gemini-2.5-flash-image'],
		['gemini-3-pro-image-preview', 'gemini-3-pro-image'],
		['gemini-3-pro-image', 'gemini-3-pro-image'],
		['gemini-3.1-flash-image', 'gemini-3.1-flash-image'],
		['gemini-3.1-flash-lite-image', 'gemini-3.1-flash-lite-image'],
		['gemini-nano-banana-2.1', 'gemini-nano-banana-2.1'],
	])('matches %s to the %s family', (id, family) => {
		expect(findModelCapabilities(id)?.family).toBe(family);
	});

	it('knows nothing of an unknown id, so it goes through unchecked', () => {
		expect(findModelCapabilities('gemini-9-ultra-image')).toBeUndefined();
		expect(
			findSettingProblems(settings({ model: 'gemini-9-ultra-image', imageSize: '4K' })),
		).toEqual([]);
	});

	it('gives every family a reference limit and the 1K size, its sizes in ascending order', () => {
		// 1K is what a model makes when no size is set, so every family must offer it.
		const ascending = ['512', '1K', '2K', '4K'];
		for (const model of MODEL_CAPABILITIES) {
			expect({ family: model.family, limit: model.maxReferenceImages > 0 }).toEqual({
				family: model.family,
				limit: true,
			});
			expect({ family: model.family, sizes: model.imageSizes }).toEqual({
				family: model.family,
				sizes: ascending.filter((size) => (model.imageSizes as readonly string[]).includes(size)),
			});
			expect({ family: model.family, has1K: model.imageSizes.includes('1K') }).toEqual({
				family: model.family,
				has1K: true,
			});
		}
	});
});

describe('findSettingProblems', () => {
	it('refuses 4K on a 1K-only model and says which sizes work', () => {
		const [problem] = findSettingProblems(
			settings({ model: 'gemini-2.5-flash-image', imageSize: '4K' }),
		);
		expect(problem.field).toBe('imageSize');
		expect(problem.allowed).toEqual(['1K']);
		expect(parameterLabel(problem.field)).toBe('Options > Image Size');
		expect(problem.message).toBe('Nano Banana (Gemini 2.5 Flash Image) cannot make 4K images');
		expect(problem.hint).toContain('Choose one of: 1K');
	});

	it('refuses 512 on Pro but takes it on Nano Banana 2', () => {
		expect(
			findSettingProblems(settings({ model: 'gemini-3-pro-image', imageSize: '512' })),
		).toHaveLength(1);
		expect(findSettingProblems(settings({ imageSize: '512' }))).toEqual([]);
	});

	it('refuses the extreme ratios outside Nano Banana 2 families', () => {
		const [problem] = findSettingProblems(
			settings({ model: 'gemini-3-pro-image', aspectRatio: '8:1' }),
		);
		expect(problem.field).toBe('aspectRatio');
		expect(parameterLabel(problem.field)).toBe('Options > Aspect Ratio');
		expect(findSettingProblems(settings({ aspectRatio: '8:1' }))).toEqual([]);
	});

	it('refuses thinking on a model that does not think', () => {
		const [problem] = findSettingProblems(
			settings({ model: 'gemini-2.5-flash-image', includeThoughts: true }),
		);
		expect(problem.field).toBe('includeThoughts');
		expect(parameterLabel(problem.field)).toBe('Options > Include Thoughts');
		expect(problem.message).toContain('does not think');
	});

	it('refuses a thinking level the model lacks', () => {
		const [problem] = findSettingProblems(
			settings({ model: 'gemini-3-pro-image', thinkingLevel: 'MINIMAL' }),
		);
		expect(problem.message).toContain('does not take the thinking level MINIMAL');
		expect(problem.hint).toBe('Choose one of: HIGH.');
	});

	it('refuses Google Search grounding on 2.5 Flash', () => {
		const [problem] = findSettingProblems(
			settings({ model: 'gemini-2.5-flash-image', googleSearch: true }),
		);
		expect(problem.message).toContain('cannot ground images with Google Search');
	});
});

describe('parameterLabel', () => {
	it('names where the user sets each field a problem can be about', () => {
		const fields = [
			'imageSize',
			'aspectRatio',
			'googleSearch',
			'searchTypes',
			'thinkingLevel',
			'includeThoughts',
			'referenceImages',
			'referenceRoles',
		] as const;
		expect(fields.map((field) => parameterLabel(field))).toEqual([
			'Options > Image Size',
			'Options > Aspect Ratio',
			'Operation',
			'Search Types',
			'Options > Thinking Level',
			'Options > Include Thoughts',
			'References',
			'References > Role',
		]);
		const fromItems = { images: 'References From', roles: 'Role of Every Image' };
		expect(parameterLabel('referenceRoles', fromItems)).toBe('Role of Every Image');
		expect(parameterLabel('referenceImages', fromItems)).toBe('References From');
	});
});
