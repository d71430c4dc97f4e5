import { PNG } from 'pngjs';

import { decodeAnswerImages } from '../../../nodes/GeminiImage/gemini/generateContent/answerImages';
import { heifTypeOf } from '../../../nodes/GeminiImage/image/inspect';
import { checkInputImage } from '../../../nodes/GeminiImage/image/validate';
import { findReferenceProblems } from '../../../nodes/GeminiImage/gemini/catalogue/references';
import { createTestJpeg } from '../../simulator/images/picture';

const png = PNG.sync.write(new PNG({ width: 40, height: 30 }));

describe('checkInputImage', () => {
	it('accepts a real PNG and reads its size', () => {
		expect(checkInputImage(png, 'image/png')).toEqual({
			ok: true,
			mimeType: 'image/png',
			width: 40,
			height: 30,
		});
	});

	it('takes image/jpg (and image/pjpeg) as image/jpeg', async () => {
		const jpeg = await createTestJpeg(48, 32);
		for (const label of ['image/jpg', 'image/pjpeg', 'IMAGE/JPG']) {
			expect(checkInputImage(jpeg, label)).toEqual({
				ok: true,
				mimeType: 'image/jpeg',
				width: 48,
				height: 32,
			});
		}
		// The alias names JPEG, so PNG bytes under it are still caught.
		expect(checkInputImage(png, 'image/jpg')).toMatchObject({
			ok: false,
			problem: 'claims to be image/jpeg but holds image/png data',
		});
	});

	it('reads the type without its parameters (image/png; charset=binary)', () => {
		expect(checkInputImage(png, 'image/png; charset=binary')).toEqual({
			ok: true,
			mimeType: 'image/png',
			width: 40,
			height: 30,
		});
	});

	it.each([
		[Buffer.alloc(0), 'image/png', 'is an empty file'],
		[
			Buffer.from('%PDF-1.7 ...'),
			'application/pdf',
			'is application/pdf, which Gemini does not take as an image',
		],
		[Buffer.from('hello'), 'text/plain', 'is text/plain, which Gemini does not take as an image'],
		[png, 'image/gif', 'claims to be image/gif but holds image/png data'],
		[Buffer.from('%PDF-1.7 ...'), 'image/png', 'claims to be image/png but is not an image'],
		[png, 'image/jpeg', 'claims to be image/jpeg but holds image/png data'],
		[png, undefined, 'has no MIME type, which Gemini does not take as an image'],
	])('refuses %#: %s', (bytes, mime, problem) => {
		const check = checkInputImage(bytes, mime);
		expect(check).toMatchObject({ ok: false, problem });
	});
});

describe('findReferenceProblems', () => {
	it('refuses a fourth reference on 2.5 Flash, naming the limit and the model', () => {
		const [problem] = findReferenceProblems('gemini-2.5-flash-image', [
			undefined,
			undefined,
			undefined,
			undefined,
		]);
		expect(problem.message).toBe(
			'4 reference images are more than Nano Banana (Gemini 2.5 Flash Image) takes (at most 3)',
		);
	});

	it('refuses 15 references on Pro', () => {
		const [problem] = findReferenceProblems('gemini-3-pro-image', Array(15).fill(undefined));
		expect(problem.message).toContain('(at most 14)');
	});

	it('refuses a sixth character on Pro but takes five', () => {
		expect(findReferenceProblems('gemini-3-pro-image', Array(5).fill('character'))).toEqual([]);
		const [problem] = findReferenceProblems('gemini-3-pro-image', Array(6).fill('character'));
		expect(problem.message).toBe(
			'6 character references are more than Nano Banana Pro (Gemini 3 Pro Image) takes (at most 5)',
		);
	});
});

describe('answer images', () => {
	it('decodes each image part once and refuses one that is not an image', () => {
		const good = { inlineData: { mimeType: 'image/png', data: png.toString('base64') } };
		const decoded = decodeAnswerImages([{ text: 'hi' }, good]);
		expect(decoded.ok && decoded.byPart.get(1)).toMatchObject({
			mimeType: 'image/png',
			width: 40,
			height: 30,
		});
		expect(decodeAnswerImages([{ inlineData: { mimeType: 'image/png', data: 'a$b%' } }])).toEqual({
			ok: false,
			problem: 'the API returned an unreadable image (part 1): its base64 is invalid',
		});
		expect(
			decodeAnswerImages([{ thought: true, inlineData: { mimeType: 'image/png', data: 'AAAA' } }]),
		).toEqual({
			ok: false,
			problem:
				'the API returned an unreadable thought image (part 1): its 3 bytes are no image type Gemini makes',
		});
	});
});

describe('HEIF brands', () => {
	const ftyp = (major: string, ...compatible: string[]) => {
		const body = Buffer.from([major, '\0\0\0\0', ...compatible].join(''), 'latin1');
		const head = Buffer.alloc(8);
		head.writeUInt32BE(8 + body.length, 0);
		head.write('ftyp', 4, 'latin1');
		return Buffer.concat([head, body, Buffer.alloc(16)]);
	};
	it('tells HEIC from HEIF by the major and compatible brands, and leaves AVIF out', () => {
		expect(heifTypeOf(ftyp('heic'))).toBe('image/heic');
		expect(heifTypeOf(ftyp('mif1', 'mif1', 'heic'))).toBe('image/heic');
		expect(heifTypeOf(ftyp('mif1', 'mif1'))).toBe('image/heif');
		expect(heifTypeOf(ftyp('avif', 'mif1'))).toBeUndefined();
		expect(checkInputImage(ftyp('heix'), 'image/heif')).toMatchObject({
			ok: true,
			mimeType: 'image/heic',
		});
	});
});
