/** Draws a caption layout into RGB pixels (3 bytes a pixel) with the built-in bitmap font. */
import { GLYPH_WIDTH, glyphRows } from './glyphs';
import { ADVANCE, PANEL, type CaptionLayout, type Rgb } from './caption-layout';

function fillRect(
	pixels: Buffer,
	width: number,
	box: { left: number; top: number; right: number; bottom: number },
	colour: Rgb,
): void {
	const rowBytes = width * 3;
	const first = box.top * rowBytes + box.left * 3;
	for (let x = box.left; x < box.right; x++) pixels.set(colour, box.top * rowBytes + x * 3);
	const span = pixels.subarray(first, box.top * rowBytes + box.right * 3);
	for (let y = box.top + 1; y < box.bottom; y++) span.copy(pixels, y * rowBytes + box.left * 3);
}

/** The panel, then each glyph cell of each line as a scale x scale square of ink. */
export function paintCaption(pixels: Buffer, width: number, layout: CaptionLayout): void {
	const { panel, scale } = layout;
	fillRect(pixels, width, panel, PANEL);
	for (const line of layout.lines) {
		[...line.text].forEach((char, index) => {
			const left = line.x + index * ADVANCE * scale;
			glyphRows(char).forEach((mask, row) => {
				for (let column = 0; column < GLYPH_WIDTH; column++) {
					if (((mask >> (GLYPH_WIDTH - 1 - column)) & 1) === 0) continue;
					const x = left + column * scale;
					const box = { left: x, top: line.y + row * scale, right: x + scale, bottom: 0 };
					box.bottom = box.top + scale;
					box.right = Math.min(box.right, panel.right);
					if (box.right > box.left) fillRect(pixels, width, box, line.ink);
				}
			});
		});
	}
}
