import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

import type { ApiFailure } from '../../../../nodes/GeminiImage/gemini/failures/errors';
import {
	DEFAULT_MODEL,
	findModelCapabilities,
	isModelId,
	modelListName,
	VERSION_1_DEFAULT_MODEL,
} from '../../../../nodes/GeminiImage/gemini/catalogue/models';
import {
	explainRetiredModel,
	findRetiredModel,
	RETIRED_MODELS,
} from '../../../../nodes/GeminiImage/gemini/catalogue/retired';
import { retiredModelAdvice } from '../../../../nodes/GeminiImage/n8n/labels';
import { buildGenerateContentRequest } from '../../../../nodes/GeminiImage/gemini/generateContent/adapter';
import type { GenerationSettings } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';
import { findSettingProblems } from '../../../../nodes/GeminiImage/gemini/catalogue/settings';
import { convertGifToPng } from '../../../../nodes/GeminiImage/image/gif';
import { GeminiImage } from '../../../../nodes/GeminiImage/GeminiImage.node';

const settings = (over: Partial<GenerationSettings>): GenerationSettings => ({
	model: DEFAULT_MODEL,
	responseModalities: ['TEXT', 'IMAGE'],
	safetySettings: [],
	includeThoughts: false,
	googleSearch: false,
	...over,
});

const notFound = (model: string): ApiFailure => ({
	kind: 'api',
	httpStatus: 404,
	googleStatus: 'NOT_FOUND',
	message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
	quotaIsZero: false,
	retryable: false,
	hint: 'The model id is unknown to this endpoint.',
});

describe("today's models", () => {
	it('defaults new nodes to Nano Banana 2.1, and version 1 to the model it was made with', () => {
		expect(DEFAULT_MODEL).toBe('gemini-nano-banana-2.1');
		expect(VERSION_1_DEFAULT_MODEL).toBe('gemini-3.1-flash-image');
		const description = new GeminiImage().description;
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
		const models = description.properties.filter((property) => property.name === 'model');
		expect(models.map((property) => [property.displayOptions?.show, property.default])).toEqual([
			[
				{ '@version': [1] },
				{
					mode: 'list',
					value: 'gemini-3.1-flash-image',
					cachedResultName: 'Nano Banana 2 (gemini-3.1-flash-image)',
				},
			],
			[
				{ '@version': [{ _cnd: { gte: 1.1 } }] },
				{
					mode: 'list',
					value: 'gemini-nano-banana-2.1',
					cachedResultName: 'Nano Banana 2.1 (gemini-nano-banana-2.1)',
				},
			],
		]);
	});

	it('knows 2.1: 1K to 4K but no 512, 14 ratios and references, web and image search', () => {
		const model = findModelCapabilities('gemini-nano-banana-2.1');
		expect(model).toMatchObject({
			name: 'Nano Banana 2.1',
			imageSizes: ['1K', '2K', '4K'],
			maxReferenceImages: 14,
			googleSearch: true,
			imageSearch: true,
			thinking: { kind: 'levels', levels: ['MINIMAL', 'MEDIUM', 'HIGH'], defaultLevel: 'MEDIUM' },
		});
		expect(model?.aspectRatios).toHaveLength(14);
		expect(findSettingProblems(settings({ imageSize: '512' }))).toEqual([
			{
				field: 'imageSize',
				allowed: ['1K', '2K', '4K'],
				message: 'Nano Banana 2.1 cannot make 512 images',
				hint: 'Choose one of: 1K, 2K, 4K.',
			},
		]);
		expect(findSettingProblems(settings({ thinkingLevel: 'MEDIUM', aspectRatio: '8:1' }))).toEqual(
			[],
		);
	});

	it('offers Medium thinking only where the model has it', () => {
		expect(
			findSettingProblems(settings({ model: 'gemini-3.1-flash-image', thinkingLevel: 'MEDIUM' })),
		).toEqual([
			{
				field: 'thinkingLevel',
				allowed: ['MINIMAL', 'HIGH'],
				message: 'Nano Banana 2 (Gemini 3.1 Flash Image) does not take the thinking level MEDIUM',
				hint: 'Choose one of: MINIMAL, HIGH.',
			},
		]);
	});

	it('refuses image search on a model that searches only the web, naming the option', () => {
		expect(
			findSettingProblems(
				settings({ model: 'gemini-3-pro-image', googleSearch: true, searchTypes: ['image'] }),
			),
		).toEqual([
			{
				field: 'searchTypes',
				allowed: ['web'],
				message: 'Nano Banana Pro (Gemini 3 Pro Image) cannot search images, only the web',
				hint: 'Choose "Web" search, or use Nano Banana 2.1 (gemini-nano-banana-2.1).',
			},
		]);
		expect(
			findSettingProblems(settings({ googleSearch: true, searchTypes: ['web', 'image'] })),
		).toEqual([]);
	});

	it('asks for image search by name, and for web search alone as Google’s default', () => {
		const tools = (searchTypes?: GenerationSettings['searchTypes']) =>
			buildGenerateContentRequest(settings({ googleSearch: true, searchTypes }), []).config?.tools;
		expect(tools()).toEqual([{ googleSearch: {} }]);
		expect(tools(['web'])).toEqual([{ googleSearch: {} }]);
		expect(tools(['image'])).toEqual([{ googleSearch: { searchTypes: { imageSearch: {} } } }]);
		expect(tools(['web', 'image'])).toEqual([
			{ googleSearch: { searchTypes: { webSearch: {}, imageSearch: {} } } },
		]);
	});
});

describe('retired ids', () => {
	it('has one row per id, each with its status as Google states it and a successor that is served', () => {
		expect(RETIRED_MODELS.map((model) => model.id)).toEqual([
			'gemini-3.1-flash-image',
			'gemini-2.5-flash-image',
			'gemini-3-pro-image-preview',
			'gemini-3.1-flash-image-preview',
		]);
		for (const model of RETIRED_MODELS) {
			// A date only with a shutdown: Google gave none for a deprecation.
			if (model.status === 'shut down') expect(model.shutDown).toMatch(/^2026-\d\d-\d\d$/);
			else expect(model.shutDown).toBeUndefined();
			expect(findRetiredModel(model.successor)).toBeUndefined();
			expect(findModelCapabilities(model.successor)).toBeDefined();
		}
		expect(findRetiredModel('models/gemini-3.1-flash-image')).toEqual({
			id: 'gemini-3.1-flash-image',
			status: 'deprecated',
			successor: 'gemini-nano-banana-2.1',
		});
		expect(findRetiredModel('gemini-2.5-flash-image')?.shutDown).toBe('2026-10-02');
	});

	it('explains Google’s 404 for a retired id, naming the successor and the parameter', () => {
		const failure = explainRetiredModel(
			notFound('gemini-3.1-flash-image'),
			'gemini-3.1-flash-image',
			retiredModelAdvice('parameter'),
		);
		expect(failure.message).toBe(
			'Google no longer serves gemini-3.1-flash-image (deprecated, no shutdown date announced); choose Nano Banana 2.1 (gemini-nano-banana-2.1)',
		);
		expect(
			explainRetiredModel(
				notFound('gemini-2.5-flash-image'),
				'gemini-2.5-flash-image',
				retiredModelAdvice('parameter'),
			).message,
		).toBe(
			'gemini-2.5-flash-image was shut down by Google on 2026-10-02; choose Nano Banana 2.1 (gemini-nano-banana-2.1)',
		);
		expect(failure.hint).toBe(
			`Parameter "Model": choose Nano Banana 2.1 (gemini-nano-banana-2.1) from the list, or type gemini-nano-banana-2.1. Google answered: "${notFound('gemini-3.1-flash-image').message}"`,
		);
		expect(
			explainRetiredModel(
				notFound('gemini-3-pro-image-preview'),
				'gemini-3-pro-image-preview',
				retiredModelAdvice('conversation'),
			).hint,
		).toMatch(
			/^The conversation was started with gemini-3-pro-image-preview; start a new one on Nano Banana Pro \(gemini-3-pro-image\)/,
		);
	});

	it('leaves other answers alone: ids still served, other statuses, 404s not about the model', () => {
		const advice = retiredModelAdvice('parameter');
		const served = notFound('gemini-3-pro-image');
		expect(explainRetiredModel(served, 'gemini-3-pro-image', advice)).toBe(served);
		const overloaded = { ...notFound('gemini-3.1-flash-image'), httpStatus: 503 };
		expect(explainRetiredModel(overloaded, 'gemini-3.1-flash-image', advice)).toBe(overloaded);
		const htmlPage = {
			...notFound('x'),
			googleStatus: undefined,
			message:
				'<!DOCTYPE html><p>The requested URL <code>/v2/models/gemini-3.1-flash-image:generateContent</code> was not found on this server.',
		};
		expect(explainRetiredModel(htmlPage, 'gemini-3.1-flash-image', advice)).toBe(htmlPage);
		const wrongVersion = { ...notFound('x'), message: 'Method not found.' };
		expect(explainRetiredModel(wrongVersion, 'gemini-3.1-flash-image', advice)).toBe(wrongVersion);
	});

	it('names models as the model list does', () => {
		expect(modelListName('gemini-3-pro-image-preview')).toBe(
			'Nano Banana Pro (gemini-3-pro-image-preview)',
		);
		expect(modelListName('gemini-9-image')).toBe('gemini-9-image');
	});
});

describe('GIF input', () => {
	// An animated 2x1 GIF: two frames, red then blue (written with omggif's GifWriter).
	function animatedGif(): Buffer {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { GifWriter } = require('omggif') as typeof import('omggif');
		const buffer = Buffer.alloc(1024);
		const writer = new GifWriter(buffer, 2, 1, { palette: [0xff0000, 0x0000ff], loop: 0 });
		writer.addFrame(0, 0, 2, 1, [0, 0], { delay: 10 });
		writer.addFrame(0, 0, 2, 1, [1, 1], { delay: 10 });
		return buffer.subarray(0, writer.end());
	}

	it('sends the first frame as a PNG and counts the frames', () => {
		const converted = convertGifToPng(animatedGif());
		expect(converted).toMatchObject({ width: 2, height: 1, frames: 2 });
		const png = PNG.sync.read(converted.png);
		expect([...png.data]).toEqual([255, 0, 0, 255, 255, 0, 0, 255]);
	});

	it('lists its decoder as a dependency the package ships', () => {
		const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
		expect(Object.keys(manifest.dependencies)).toEqual(expect.arrayContaining(['omggif', 'pngjs']));
	});
});

describe('model ids', () => {
	it('takes ids as Google and gateways write them, and refuses what would change the path', () => {
		for (const id of ['gemini-3-pro-image', 'tunedModels/my-model', 'vendor/model@v2', 'a.b_c-d']) {
			expect(isModelId(id)).toBe(true);
		}
		for (const id of ['x:generateContent', 'x?alt=sse', 'x#y', 'a b', '../files', 'a/../b', '']) {
			expect(isModelId(id)).toBe(false);
		}
	});
});
