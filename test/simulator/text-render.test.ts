import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { GLYPH_BY_PATTERN, luma, pixel, readCaption, type Picture } from './caption-reader';
import { FONT_CHARS, GLYPH_HEIGHT, GLYPH_WIDTH, glyphInk, glyphRows, toFontText } from './glyphs';
import { renderImage } from './image-encode';
import { MODELS } from './model-table';
import { expectedPixelSize } from './pixel-sizes';
import { startSimulator } from './server';
import { answerImage, decodeAnswer, generate, prompt } from './test-helpers';
import {
	ADVANCE,
	BODY_INK,
	ELLIPSIS,
	HEADING_INK,
	layoutCaption,
	PANEL,
	simulatedCaption,
	wrapText,
	type CaptionLayout,
	type Rgb,
} from './text-layout';
import type { Simulator } from './types';

/** The panel as the font says it should be: PANEL, and each line's ink where its glyphs have ink. */
function expectedPanel(layout: CaptionLayout, x: number, y: number): Rgb {
	for (const line of layout.lines) {
		const column = Math.floor((x - line.x) / layout.scale);
		const row = Math.floor((y - line.y) / layout.scale);
		if (x < line.x || y < line.y || row >= GLYPH_HEIGHT) continue;
		const index = Math.floor(column / ADVANCE);
		if (index >= line.text.length || column % ADVANCE >= GLYPH_WIDTH) continue;
		if (glyphInk(line.text[index], column % ADVANCE, row)) return line.ink;
	}
	return PANEL;
}

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
		expect(GLYPH_BY_PATTERN.size).toBe(95);
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

	async function answerPicture(model: string, body: Record<string, unknown>): Promise<Picture> {
		const answer = await generate(sim, model, body);
		expect(answer.status).toBe(200);
		return decodeAnswer(answerImage(answer.body)!);
	}

	it('draws the font exactly into a PNG: heading and prompt, on the panel, at their places', async () => {
		const image = await answerPicture(
			'gemini-2.5-flash-image',
			prompt(NOOK, { imageConfig: { aspectRatio: '16:9' } }),
		);
		expect([image.width, image.height]).toEqual([1344, 768]);
		const layout = layoutCaption(
			1344,
			768,
			simulatedCaption({
				prompt: NOOK,
				model: 'gemini-2.5-flash-image',
				imageSize: '1K',
				width: 1344,
				height: 768,
			}),
		)!;
		// Where the first glyph goes, worked out by hand: scale 4, a margin of 48 and 6 cells of
		// padding; the panel is centred on the 8-pixel grid.
		expect(layout.scale).toBe(4);
		expect(layout.panel).toEqual({ left: 48, right: 1296, top: 272, bottom: 484 });
		expect(layout.lines.map(({ x, y }) => [x, y])).toEqual([
			[72, 288],
			[72, 332],
			[72, 388],
			[72, 432],
		]);
		expect(readCaption(image, layout)).toEqual([
			'SIMULATED IMAGE - gemini-2.5-flash-image -',
			'1K 1344x768',
			'A cozy reading nook with a window seat, soft',
			'morning light',
		]);
		expect(layout.lines.map((line) => line.ink)).toEqual([
			HEADING_INK,
			HEADING_INK,
			BODY_INK,
			BODY_INK,
		]);
		// Every pixel of the panel is what the font says, and the panel is the only light band.
		const { panel } = layout;
		for (let y = panel.top; y < panel.bottom; y++) {
			for (let x = panel.left; x < panel.right; x++) {
				const want = expectedPanel(layout, x, y);
				const got = pixel(image, x, y);
				if (got.join() !== want.join()) throw new Error(`(${x}, ${y}) is ${got}, not ${want}`);
			}
		}
		for (const y of [panel.top - 1, panel.bottom, panel.top + 10]) {
			expect(pixel(image, panel.left - 1, y)).not.toEqual(PANEL);
			expect(pixel(image, panel.right, y)).not.toEqual(PANEL);
		}
		expect(pixel(image, panel.left + 10, panel.top - 1)).not.toEqual(PANEL);
		expect(pixel(image, panel.left + 10, panel.bottom)).not.toEqual(PANEL);
	});

	it('draws readable text into a JPEG: dark on light, at the same places', async () => {
		const image = await answerPicture(
			'gemini-3-pro-image',
			prompt(NOOK, { imageConfig: { aspectRatio: '16:9', imageSize: '2K' } }),
		);
		expect([image.width, image.height]).toEqual([2752, 1536]);
		const layout = layoutCaption(
			2752,
			1536,
			simulatedCaption({
				prompt: NOOK,
				model: 'gemini-3-pro-image',
				imageSize: '2K',
				width: 2752,
				height: 1536,
			}),
		)!;
		expect(readCaption(image, layout)).toEqual([
			'SIMULATED IMAGE - gemini-3-pro-image - 2K 2752x1536',
			'A cozy reading nook with a window seat, soft',
			'morning light',
		]);
		// Contrast: the cells of each glyph that have ink against those that have none.
		const body = layout.lines[1];
		const ink: number[] = [];
		const paper: number[] = [];
		for (let index = 0; index < body.text.length; index++) {
			for (let row = 0; row < GLYPH_HEIGHT; row++) {
				for (let column = 0; column < GLYPH_WIDTH; column++) {
					const x = body.x + (index * ADVANCE + column) * layout.scale + layout.scale / 2;
					const y = body.y + row * layout.scale + layout.scale / 2;
					(glyphInk(body.text[index], column, row) ? ink : paper).push(luma(pixel(image, x, y)));
				}
			}
		}
		const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
		expect(mean(paper) - mean(ink)).toBeGreaterThan(150);
		expect(Math.max(...ink)).toBeLessThan(Math.min(...paper));
	});

	it('leaves markers out, and spells what the font lacks', async () => {
		const image = await answerPicture(
			'gemini-3.1-flash-image',
			prompt('Café “au lait” [sim:jpeg] on a tray 🍵', { imageConfig: { aspectRatio: '1:1' } }),
		);
		const layout = layoutCaption(
			1024,
			1024,
			simulatedCaption({
				prompt: 'Café “au lait” on a tray 🍵',
				model: 'gemini-3.1-flash-image',
				imageSize: '1K',
				width: 1024,
				height: 1024,
			}),
		)!;
		const lines = readCaption(image, layout);
		expect(lines.at(-1)).toBe('Cafe "au lait" on a tray ?');
		expect(lines.join(' ')).not.toContain('[');
		expect(lines.join(' ')).not.toContain('sim');
	});

	it('cuts a long prompt with an ellipsis and keeps it inside the panel', async () => {
		const long = Array.from({ length: 80 }, (_, n) => `word${n}`).join(' ');
		const image = await answerPicture(
			'gemini-nano-banana-2.1',
			prompt(long, { imageConfig: { aspectRatio: '1:1' } }),
		);
		const layout = layoutCaption(
			1024,
			1024,
			simulatedCaption({
				prompt: long,
				model: 'gemini-nano-banana-2.1',
				imageSize: '1K',
				width: 1024,
				height: 1024,
			}),
		)!;
		const lines = readCaption(image, layout);
		const body = lines.slice(2);
		expect(body).toHaveLength(5);
		expect(body[4].endsWith(ELLIPSIS)).toBe(true);
		expect(body.join(' ').split(' ').slice(0, 10)).toEqual(long.split(' ').slice(0, 10));
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
		const image = decodeAnswer(part.inlineData);
		const layout = layoutCaption(
			256,
			256,
			simulatedCaption({
				kind: 'THOUGHT IMAGE',
				prompt: 'a map',
				model: 'gemini-3-pro-image',
				width: 256,
				height: 256,
			}),
		)!;
		expect(readCaption(image, layout).join(' ')).toBe(
			'SIMULATED THOUGHT IMAGE - gemini-3-pro-image - 256x256 a map',
		);
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
			const none = await renderImage(640, 480, format, 'key');
			expect(none.equals(first)).toBe(false);
		}
	});

	it('codes the JPEG panel as drawn, with its noise: 8x8 means match the PNG', async () => {
		// At scale 4 the panel has units of one colour (the fast path) and units a glyph crosses.
		for (const [width, height] of [[1376, 768]]) {
			const caption = simulatedCaption({ prompt: NOOK, model: 'm', width, height });
			const png = PNG.sync.read(await renderImage(width, height, 'png', 'panel', caption));
			const decoded = jpeg.decode(await renderImage(width, height, 'jpeg', 'panel', caption));
			const { panel } = layoutCaption(width, height, caption)!;
			let worstMean = 0;
			let absolute = 0;
			let signed = 0;
			let count = 0;
			for (let top = panel.top; top + 8 <= panel.bottom; top += 8) {
				for (let left = panel.left; left + 8 <= panel.right; left += 8) {
					for (let c = 0; c < 3; c++) {
						let sum = 0;
						for (let y = top; y < top + 8; y++) {
							for (let x = left; x < left + 8; x++) {
								const at = (y * width + x) * 4 + c;
								const diff = decoded.data[at] - png.data[at];
								sum += diff;
								absolute += Math.abs(diff);
							}
						}
						worstMean = Math.max(worstMean, Math.abs(sum / 64));
						signed += sum;
						count += 64;
					}
				}
			}
			// The noise (-20 to 19 on every pixel) averages out over a unit; the panel keeps it.
			expect(worstMean).toBeLessThan(9);
			expect(Math.abs(signed / count)).toBeLessThan(1.5);
			expect(absolute / count).toBeGreaterThan(6);
		}
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
			expect(perPixel).toBeGreaterThan(0.29);
			expect(perPixel).toBeLessThan(0.37);
		}
	});
});
