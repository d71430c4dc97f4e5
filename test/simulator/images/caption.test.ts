import { PNG } from 'pngjs';
import { MODELS } from '../models/table';
import { expectedPixelSize } from '../models/pixel-sizes';
import { startSimulator } from '../server/server';
import { answerImage, generate, prompt } from '../test-helpers';
import type { Simulator } from '../types';
import {
	ADVANCE,
	ELLIPSIS,
	layoutCaption,
	PANEL,
	simulatedCaption,
	wrapText,
} from './caption-layout';
import { readCaptionMarker } from './caption-marker';
import { FONT_CHARS, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, toFontText } from './glyphs';
import { renderImage } from './picture';

const NOOK = 'A cozy reading nook with a window seat, soft morning light';

describe('the font', () => {
	it('has a glyph of 5x9 cells for every printable ASCII character, all different', () => {
		expect(FONT_CHARS).toHaveLength(95);
		for (let code = 32; code < 127; code++) {
			const char = String.fromCharCode(code);
			expect(FONT_CHARS).toContain(char);
			expect(glyphRows(char)).toHaveLength(GLYPH_HEIGHT);
			for (const mask of glyphRows(char)) expect(mask).toBeLessThan(1 << GLYPH_WIDTH);
		}
		expect(new Set(FONT_CHARS.map((c) => glyphRows(c).join()))).toHaveProperty('size', 95);
		expect(glyphRows(' ').every((mask) => mask === 0)).toBe(true);
		// 'H': two uprights joined in the middle.
		expect(glyphRows('H').slice(0, 7)).toEqual([17, 17, 17, 31, 17, 17, 17]);
	});

	it('draws text outside ASCII as close letters or "?"', () => {
		expect(toFontText('Café “au lait” — crème brûlée, Straße')).toBe(
			'Cafe "au lait" - creme brulee, Strasse',
		);
		expect(toFontText('a 🍵 tea\tfor  two 東京')).toBe('a ? tea for two ??');
		expect(glyphRows('é')).toEqual(glyphRows('?'));
	});
});

describe('wrapping', () => {
	it('keeps every line within the width, and cuts long text with an ellipsis', () => {
		const words = Array.from({ length: 60 }, (_, n) => `word${n}`).join(' ');
		const lines = wrapText(words, 30, 4);
		expect(lines).toHaveLength(4);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
		expect(lines[3].endsWith(ELLIPSIS)).toBe(true);
		const kept = lines.join(' ').slice(0, -ELLIPSIS.length).split(' ');
		expect(kept).toEqual(words.split(' ').slice(0, kept.length));

		expect(wrapText('short text', 30, 4)).toEqual(['short text']);
		expect(wrapText('abcdefghijklmnopqrstuvwxyz', 10, 4)).toEqual([
			'abcdefghij',
			'klmnopqrst',
			'uvwxyz',
		]);
	});

	it('breaks the heading between its parts first', () => {
		const heading = 'SIMULATED IMAGE - gemini-2.5-flash-image - 1K 1344x768';
		expect(wrapText(heading, 50, 3, ' - ')).toEqual([
			'SIMULATED IMAGE - gemini-2.5-flash-image -',
			'1K 1344x768',
		]);
	});

	it('fits the caption inside every size the models make', () => {
		const caption = (model: string, size: string, width: number, height: number) =>
			simulatedCaption({ prompt: `${NOOK} `.repeat(20), model, imageSize: size, width, height });
		let checked = 0;
		for (const model of MODELS) {
			for (const ratio of model.image?.ratios ?? []) {
				for (const size of model.image?.sizes ?? []) {
					const { width, height } = expectedPixelSize(model.id, ratio, size);
					const layout = layoutCaption(width, height, caption(model.id, size, width, height));
					expect(layout).toBeDefined();
					const { panel, scale, lines } = layout!;
					expect(panel.left).toBeGreaterThanOrEqual(0);
					expect(panel.right).toBeLessThanOrEqual(width);
					expect(panel.top).toBeGreaterThanOrEqual(0);
					expect(panel.bottom).toBeLessThanOrEqual(height);
					for (const line of lines) {
						expect(line.x).toBeGreaterThan(panel.left);
						expect(line.x + (line.text.length * ADVANCE - 1) * scale).toBeLessThan(panel.right);
						expect(line.y).toBeGreaterThan(panel.top);
						expect(line.y + GLYPH_HEIGHT * scale).toBeLessThanOrEqual(panel.bottom);
					}
					expect(lines.at(-1)?.text.endsWith(ELLIPSIS)).toBe(true);
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(100);
	});

	it('scales the font with the image: 4 at 1K, 8 at 2K, 16 at 4K', () => {
		const scaleAt = (width: number, height: number) =>
			layoutCaption(width, height, { heading: 'SIMULATED IMAGE', body: NOOK })?.scale;
		expect([scaleAt(1376, 768), scaleAt(2752, 1536), scaleAt(5504, 3072)]).toEqual([4, 8, 16]);
		expect(scaleAt(1024, 1024)).toBe(4);
		// Narrow images get a smaller scale, so a line still holds 24 characters.
		expect(scaleAt(384, 3072)).toBe(2);
		// Too small for any text: none is drawn.
		expect(layoutCaption(24, 16, { heading: 'SIMULATED IMAGE', body: NOOK })).toBeUndefined();
	});
});

describe('captioned images', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ retiredModels: [], signatureBytes: 0 });
	});
	afterAll(() => sim.close());

	async function answerCaption(model: string, body: Record<string, unknown>): Promise<string[]> {
		const answer = await generate(sim, model, body);
		expect(answer.status).toBe(200);
		return readCaptionMarker(Buffer.from(answerImage(answer.body)!.data, 'base64'))!;
	}

	it('says what it draws in the file: heading and prompt, in a PNG and in a JPEG', async () => {
		expect(await answerCaption('gemini-2.5-flash-image', prompt(NOOK))).toEqual([
			'SIMULATED IMAGE - gemini-2.5-flash-image - 1K 1024x1024',
			NOOK,
		]);
		expect(
			await answerCaption(
				'gemini-3-pro-image',
				prompt(NOOK, { imageConfig: { aspectRatio: '21:9', imageSize: '4K' } }),
			),
		).toEqual(['SIMULATED IMAGE - gemini-3-pro-image - 4K 6336x2688', NOOK]);
	});

	it('leaves markers out of the caption', async () => {
		const lines = await answerCaption(
			'gemini-3.1-flash-image',
			prompt('Café “au lait” [sim:jpeg] on a tray 🍵', { imageConfig: { aspectRatio: '1:1' } }),
		);
		expect(lines.at(-1)).toBe('Café “au lait” on a tray 🍵');
	});

	it('captions the thought image too', async () => {
		const answer = await generate(
			sim,
			'gemini-3-pro-image',
			prompt('a map', { thinkingConfig: { includeThoughts: true } }),
		);
		const part = answer.body.candidates[0].content.parts.find(
			(p: { thought?: boolean; inlineData?: object }) => p.thought && p.inlineData,
		);
		expect(readCaptionMarker(Buffer.from(part.inlineData.data, 'base64'))).toEqual([
			'SIMULATED THOUGHT IMAGE - gemini-3-pro-image - 256x256',
			'a map',
		]);
	});

	it('says in the answer text that the image is simulated', async () => {
		const answer = await generate(sim, 'gemini-3-pro-image', prompt('a kite'));
		expect(answer.body.candidates[0].content.parts[0].text).toBe(
			'Simulated image (no Google request was made). Here is the image you asked for: a kite.',
		);
		const text = await generate(sim, 'gemini-2.5-flash', prompt('a kite'));
		expect(text.body.candidates[0].content.parts[0].text).toMatch(/^Simulated answer \(no Google/);
	});
});

describe('renderImage', () => {
	const caption = (body: string) => ({ heading: 'SIMULATED IMAGE - test - 1K', body });

	it('gives the same bytes for the same caption and other bytes for another', async () => {
		for (const format of ['png', 'jpeg'] as const) {
			const first = await renderImage(640, 480, format, 'key', caption('a red fox'));
			const again = await renderImage(640, 480, format, 'key', caption('a red fox'));
			expect(again.equals(first)).toBe(true);
			const other = await renderImage(640, 480, format, 'key', caption('a red fix'));
			expect(other.equals(first)).toBe(false);
			expect(readCaptionMarker(await renderImage(640, 480, format, 'key'))).toBeUndefined();
		}
	});

	it('paints the panel and dark ink on it where the layout puts them', async () => {
		const body = NOOK;
		const png = PNG.sync.read(await renderImage(1376, 768, 'png', 'panel', caption(body)));
		const layout = layoutCaption(1376, 768, caption(body))!;
		const at = (x: number, y: number) => [
			...png.data.subarray((y * 1376 + x) * 4, (y * 1376 + x) * 4 + 3),
		];
		expect(at(layout.panel.left + 1, layout.panel.top + 1)).toEqual(PANEL);
		const line = layout.lines[0];
		const inked = Array.from({ length: line.text.length * ADVANCE * layout.scale }, (_, dx) =>
			at(line.x + dx, line.y + Math.floor((GLYPH_HEIGHT * layout.scale) / 2)),
		).filter((rgb) => rgb.join() !== PANEL.join());
		expect(inked.length).toBeGreaterThan(line.text.length);
	});

	it('keeps JPEGs at live byte size with the caption: about 0.32 bytes a pixel', async () => {
		for (const [width, height] of [
			[1024, 1024],
			[1376, 768],
			[2752, 1536],
			[768, 1376],
		]) {
			const bytes = await renderImage(width, height, 'jpeg', `size ${width}`, {
				heading: `SIMULATED IMAGE - gemini-3-pro-image - ${width}x${height}`,
				body: `${NOOK} `.repeat(6),
			});
			const perPixel = bytes.length / (width * height);
			expect(perPixel).toBeGreaterThan(0.27);
			expect(perPixel).toBeLessThan(0.37);
		}
	});
});
