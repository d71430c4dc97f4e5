import { buildFileName, slugFromPrompt } from '../../../nodes/GeminiImage/image/fileName';

describe('file names', () => {
	it('builds a short slug from the prompt', () => {
		expect(slugFromPrompt('A Café on the Moon, at dusk!')).toBe('a-cafe-on-the-moon-at-dusk');
		expect(slugFromPrompt('!!!')).toBe('image');
		expect(slugFromPrompt('word '.repeat(40)).length).toBeLessThanOrEqual(48);
	});

	it('keeps the words a prompt holds in brackets', () => {
		expect(slugFromPrompt('Portrait of [Anna] in [Paris], [1920s style]')).toBe(
			'portrait-of-anna-in-paris-1920s-style',
		);
		expect(slugFromPrompt('a cat [sim:jpeg]')).toBe('a-cat-sim-jpeg');
		expect(
			buildFileName({
				prompt: '[Logo] for [ACME] bakery',
				mimeType: 'image/png',
				imageNumber: 1,
				imageCount: 1,
			}),
		).toBe('logo-for-acme-bakery.png');
	});

	it('keeps words whole when cutting', () => {
		expect(slugFromPrompt('supercalifragilistic expialidocious wonderful marvellous day')).toBe(
			'supercalifragilistic-expialidocious-wonderful',
		);
	});

	it('takes the extension from the real MIME type and numbers several images', () => {
		expect(
			buildFileName({ prompt: 'a fox', mimeType: 'image/jpeg', imageNumber: 1, imageCount: 1 }),
		).toBe('a-fox.jpg');
		expect(
			buildFileName({ prompt: 'a fox', mimeType: 'image/png', imageNumber: 2, imageCount: 3 }),
		).toBe('a-fox-2.png');
	});

	it("replaces the extension of a requested name with the image's own", () => {
		expect(
			buildFileName({
				requested: 'hero.png',
				prompt: 'x',
				mimeType: 'image/jpeg',
				imageNumber: 1,
				imageCount: 1,
			}),
		).toBe('hero.jpg');
	});
});
