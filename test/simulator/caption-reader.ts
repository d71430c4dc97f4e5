/**
 * Reads the caption back out of a decoded answer image, for the simulator's tests: each font cell
 * is ink or not by the pixel at its centre, and each glyph's cells must match a glyph of the font.
 */
import { FONT_CHARS, GLYPH_HEIGHT, GLYPH_WIDTH, glyphInk } from './glyphs';
import { ADVANCE, PANEL, type CaptionLayout, type CaptionLine, type Rgb } from './text-layout';

/** A decoded image: RGBA, 4 bytes a pixel. */
export interface Picture {
	width: number;
	height: number;
	data: Buffer;
}

export function pixel(image: Picture, x: number, y: number): Rgb {
	const at = (y * image.width + x) * 4;
	return [image.data[at], image.data[at + 1], image.data[at + 2]];
}

export function luma([r, g, b]: Rgb): number {
	return 0.299 * r + 0.587 * g + 0.114 * b;
}

function inkPattern(char: string): string {
	let pattern = '';
	for (let row = 0; row < GLYPH_HEIGHT; row++) {
		for (let column = 0; column < GLYPH_WIDTH; column++) {
			pattern += glyphInk(char, column, row) ? '1' : '0';
		}
	}
	return pattern;
}

/** Each glyph of the font by its ink, read row by row as 0 and 1. */
export const GLYPH_BY_PATTERN = new Map(FONT_CHARS.map((char) => [inkPattern(char), char]));

/**
 * `cells` glyph places of a line, read from its start: a cell is ink when the pixel at its centre
 * is darker than the midpoint between the panel and the line's ink. '\u0000' stands for a place
 * that matches no glyph.
 */
export function readLine(image: Picture, line: CaptionLine, scale: number, cells: number): string {
	const threshold = (luma(PANEL) + luma(line.ink)) / 2;
	const centre = Math.floor(scale / 2);
	let text = '';
	for (let index = 0; index < cells; index++) {
		let pattern = '';
		for (let row = 0; row < GLYPH_HEIGHT; row++) {
			for (let column = 0; column < GLYPH_WIDTH; column++) {
				const x = line.x + (index * ADVANCE + column) * scale + centre;
				const y = line.y + row * scale + centre;
				pattern += luma(pixel(image, x, y)) < threshold ? '1' : '0';
			}
		}
		text += GLYPH_BY_PATTERN.get(pattern) ?? '\u0000';
	}
	return text;
}

/**
 * Every line of the caption as the image shows it, read up to the panel's right edge: anything
 * drawn after a line's text shows in what is read.
 */
export function readCaption(image: Picture, layout: CaptionLayout): string[] {
	return layout.lines.map((line) => {
		const room = Math.floor((layout.panel.right - line.x) / (ADVANCE * layout.scale));
		return readLine(image, line, layout.scale, room).trimEnd();
	});
}
