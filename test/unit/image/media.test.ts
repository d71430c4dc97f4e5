import {
	ACCEPTED_VIDEO_TYPES,
	checkInputMedia,
	containerOf,
	mediaKindOf,
} from '../../../nodes/GeminiImage/image/media';
import { noisePng } from '../../simulator/images/test-pictures';
import { tinyMp4, tinyPdf, WEBM_HEAD } from '../../support/media';

const HEIC = Buffer.concat([
	Buffer.from([0, 0, 0, 0x18]),
	Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
]);

describe('the kind of a reference, by its declared type', () => {
	it.each([...ACCEPTED_VIDEO_TYPES, 'video/x-msvideo', 'video/x-ms-wmv', 'VIDEO/MP4; codecs=avc1'])(
		'%s is a video',
		(type) => expect(mediaKindOf(type)).toBe('video'),
	);

	it('application/pdf is a PDF; images and other types are neither', () => {
		expect(mediaKindOf('application/pdf')).toBe('pdf');
		for (const type of [
			'image/png',
			'image/heic',
			'video/x-matroska',
			'audio/mp4',
			'',
			undefined,
		]) {
			expect(mediaKindOf(type)).toBeUndefined();
		}
	});
});

describe('the container, by its first bytes', () => {
	it('tells MP4, PDF and WebM apart, and leaves HEIC photos and PNGs to the image checks', () => {
		expect(containerOf(tinyMp4())).toBe('isobmff');
		expect(containerOf(tinyPdf())).toBe('pdf');
		expect(containerOf(WEBM_HEAD)).toBe('webm');
		expect(containerOf(HEIC)).toBeUndefined();
		expect(containerOf(noisePng(4, 4))).toBeUndefined();
	});
});

describe('checkInputMedia', () => {
	it('takes an MP4 as video/mp4 and as QuickTime (one container), a PDF as application/pdf', () => {
		expect(checkInputMedia(tinyMp4(), 'video/mp4')).toEqual({
			ok: true,
			kind: 'video',
			mimeType: 'video/mp4',
		});
		expect(checkInputMedia(tinyMp4(), 'video/quicktime')).toMatchObject({ ok: true });
		expect(checkInputMedia(tinyPdf(), 'application/pdf')).toEqual({
			ok: true,
			kind: 'pdf',
			mimeType: 'application/pdf',
		});
	});

	it('refuses a file whose bytes are another container, or nothing it knows, or empty', () => {
		expect(checkInputMedia(tinyPdf(), 'video/mp4')).toMatchObject({
			ok: false,
			problem: 'claims to be video/mp4 but holds PDF data',
		});
		expect(checkInputMedia(tinyMp4(), 'application/pdf')).toMatchObject({
			ok: false,
			problem: 'claims to be application/pdf but holds MP4/QuickTime data',
		});
		expect(checkInputMedia(Buffer.from('not a video at all'), 'video/webm')).toMatchObject({
			ok: false,
			problem: 'claims to be video/webm but is not a video file',
		});
		expect(checkInputMedia(Buffer.alloc(0), 'video/mp4')).toMatchObject({
			ok: false,
			problem: 'is an empty file',
		});
	});
});
