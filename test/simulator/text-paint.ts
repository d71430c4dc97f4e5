/**
 * Paints a caption layout into RGB rows, one row at a time, so the encoders can keep writing
 * every other row as a repeat of the one above: within the panel a row only changes where a glyph
 * row starts or ends, so a text line of scale s is GLYPH_HEIGHT distinct rows, each s pixels high.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './glyphs';
import { ADVANCE, PANEL, type CaptionLayout, type CaptionLine, type Rgb } from './text-layout';

/** No caption on this row. */
export const OUTSIDE_CAPTION = 0;
/** The panel's background alone. */
const PANEL_ONLY = 1;

function lineAt(
	layout: CaptionLayout,
	y: number,
): { line: CaptionLine; index: number } | undefined {
	const height = GLYPH_HEIGHT * layout.scale;
	for (let index = 0; index < layout.lines.length; index++) {
		const line = layout.lines[index];
		if (y >= line.y && y < line.y + height) return { line, index };
	}
	return undefined;
}

/**
 * A number that is the same for two rows exactly when the caption paints them alike:
 * OUTSIDE_CAPTION, the panel alone, or one glyph row of one line.
 */
export function captionRowKey(layout: CaptionLayout | undefined, y: number): number {
	if (!layout || y < layout.panel.top || y >= layout.panel.bottom) return OUTSIDE_CAPTION;
	const hit = lineAt(layout, y);
	if (!hit) return PANEL_ONLY;
	const glyphRow = Math.floor((y - hit.line.y) / layout.scale);
	return PANEL_ONLY + 1 + hit.index * GLYPH_HEIGHT + glyphRow;
}

/** How many different values captionRowKey gives for this layout. */
export function captionRowKeys(layout: CaptionLayout | undefined): number {
	return PANEL_ONLY + 1 + (layout?.lines.length ?? 0) * GLYPH_HEIGHT;
}

function fill(target: Buffer, offset: number, from: number, to: number, colour: Rgb): void {
	for (let x = from; x < to; x++) {
		const at = offset + x * 3;
		target[at] = colour[0];
		target[at + 1] = colour[1];
		target[at + 2] = colour[2];
	}
}

/** Paints row y of the caption over an RGB row (3 bytes a pixel) that starts at `offset`. */
export function paintCaptionRow(
	target: Buffer,
	offset: number,
	layout: CaptionLayout | undefined,
	y: number,
): void {
	if (!layout || y < layout.panel.top || y >= layout.panel.bottom) return;
	const { panel, scale } = layout;
	fill(target, offset, panel.left, panel.right, PANEL);
	const hit = lineAt(layout, y);
	if (!hit) return;
	const { line } = hit;
	const glyphRow = Math.floor((y - line.y) / scale);
	for (let index = 0; index < line.text.length; index++) {
		const mask = glyphRows(line.text[index])[glyphRow];
		if (!mask) continue;
		const left = line.x + index * ADVANCE * scale;
		for (let column = 0; column < GLYPH_WIDTH; column++) {
			if (((mask >> (GLYPH_WIDTH - 1 - column)) & 1) === 0) continue;
			const from = left + column * scale;
			fill(target, offset, from, Math.min(from + scale, panel.right), line.ink);
		}
	}
}
