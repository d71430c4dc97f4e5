import { findModelCapabilities } from '../../../../nodes/GeminiImage/gemini/catalogue/models';
import {
	findMediaProblems,
	MAX_FILE_BYTES,
} from '../../../../nodes/GeminiImage/gemini/catalogue/references';

const video = { kind: 'video' as const, name: '"clip" (clip.mp4)', sizeBytes: 1000 };
const pdf = { kind: 'pdf' as const, name: '"brief"', sizeBytes: 1000 };

describe('the input kinds of the model table', () => {
	it('says Pro takes images only and the Flash image models take video and PDF too', () => {
		expect(findModelCapabilities('gemini-3-pro-image')?.inputKinds).toEqual(['image']);
		for (const id of [
			'gemini-nano-banana-2.1',
			'gemini-3.1-flash-image',
			'gemini-3.1-flash-lite-image',
		]) {
			expect(findModelCapabilities(id)?.inputKinds).toEqual(['image', 'video', 'pdf']);
		}
		// Its card says nothing of other inputs: passed through, Google decides.
		expect(findModelCapabilities('gemini-2.5-flash-image')?.inputKinds).toBeUndefined();
	});
});

describe('findMediaProblems', () => {
	it('refuses a video or PDF on Pro, naming the model and the file', () => {
		expect(findMediaProblems('gemini-3-pro-image', [video])).toEqual([
			{
				field: 'referenceImages',
				message:
					'Nano Banana Pro (Gemini 3 Pro Image) takes no video references: "clip" (clip.mp4) is a video',
				hint: 'Nano Banana Pro takes images only. Send images, or choose a model that takes videos (Nano Banana 2.1, Nano Banana 2 Lite).',
			},
		]);
		expect(findMediaProblems('models/gemini-3-pro-image-preview', [pdf])[0].message).toBe(
			'Nano Banana Pro (Gemini 3 Pro Image) takes no PDF references: "brief" is a PDF',
		);
	});

	it('lets the Flash image models, and models the table does not know, take them', () => {
		expect(findMediaProblems('gemini-nano-banana-2.1', [video, pdf])).toEqual([]);
		expect(findMediaProblems('gemini-3.1-flash-lite-image', [video, pdf])).toEqual([]);
		expect(findMediaProblems('gemini-9-vision-image', [video, pdf])).toEqual([]);
		expect(findMediaProblems('gemini-3-pro-image', [])).toEqual([]);
	});

	it('refuses a file past the Files API limit of 2 GB on any model, naming the limit', () => {
		const huge = { ...video, sizeBytes: MAX_FILE_BYTES + 200 * 1024 * 1024 };
		expect(findMediaProblems('gemini-9-vision-image', [huge])).toEqual([
			{
				field: 'referenceImages',
				message:
					'"clip" (clip.mp4) is a video of 2.2 GB, more than the 2 GB a file may be (Gemini Files API)',
				hint: 'Send a shorter or smaller file: cut the video, lower its resolution, or split the PDF.',
			},
		]);
		expect(
			findMediaProblems('gemini-nano-banana-2.1', [{ ...video, sizeBytes: MAX_FILE_BYTES }]),
		).toEqual([]);
	});
});
