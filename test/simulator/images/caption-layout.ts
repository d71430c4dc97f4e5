/**
 * Where a simulated image's caption goes: a heading that says the image is simulated (model id,
 * image size, pixel size) and the prompt's words, word-wrapped inside a light panel across the
 * middle of the picture. The 5x7 font is scaled by a whole number, about the same share of the
 * picture at every size, so the caption reads the same on a 1K thumbnail and a 4K original.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, toFontText } from './glyphs';
import { stripMarkers } from '../generate/markers';

export type Rgb = [number, number, number];

/** What an image says: the heading, then the body (the prompt). */
export interface ImageCaption {
	heading: string;
	body: string;
}

export interface CaptionLine {
	text: string;
	/** Left edge and top of the first glyph, in pixels. */
	x: number;
	y: number;
	ink: Rgb;
}

export interface CaptionLayout {
	/** Pixels per font cell. */
	scale: number;
	/** The panel, in pixels: rows top to bottom - 1, columns left to right - 1. */
	panel: { left: number; top: number; right: number; bottom: number };
	lines: CaptionLine[];
}

/** Font cells from one glyph's left edge to the next, and from one line's top to the next. */
export const ADVANCE = GLYPH_WIDTH + 1;
export const LINE_PITCH = GLYPH_HEIGHT + 2;
const HEADING_GAP = 3;
const PAD_X = 6;
const PAD_Y = 4;
const MAX_HEADING_LINES = 3;
const MAX_BODY_LINES = 5;
/** Below this many characters a line, a smaller scale is tried. */
const MIN_COLUMNS = 24;
/** The panel takes at most this share of the image's height. */
const MAX_PANEL_SHARE = 0.8;
/** Font cells along the mean side of the image: 1K images get scale 4, 2K 8 and 4K 16. */
const CELLS_PER_SIDE = 256;

/** Dark ink on a light panel, readable over any palette. */
export const PANEL: Rgb = [235, 232, 222];
export const HEADING_INK: Rgb = [165, 28, 28];
export const BODY_INK: Rgb = [24, 24, 32];

export const ELLIPSIS = '...';
/** The heading breaks between its parts before it breaks between words. */
const HEADING_SEPARATOR = ' - ';

/**
 * The caption of an answer image, "SIMULATED IMAGE - gemini-3-pro-image - 2K 2752x1536" over the
 * prompt. Markers are left out, so only the prompt's own words show.
 */
export function simulatedCaption(options: {
	prompt: string;
	model: string;
	imageSize?: string;
	width: number;
	height: number;
	/** What the heading calls the picture: 'IMAGE' unless told. */
	kind?: string;
}): ImageCaption {
	const { model, imageSize, width, height } = options;
	const size = imageSize ? `${imageSize} ${width}x${height}` : `${width}x${height}`;
	return {
		heading: `SIMULATED ${options.kind ?? 'IMAGE'} - ${model} - ${size}`,
		body: stripMarkers(options.prompt),
	};
}

/** The line cut to `columns` characters with an ellipsis, at a word when that keeps most of it. */
function withEllipsis(line: string, columns: number): string {
	const room = columns - ELLIPSIS.length;
	if (room <= 0) return ELLIPSIS.slice(0, columns);
	let cut = line.slice(0, room);
	const space = cut.lastIndexOf(' ');
	if (line.length > room && space > room / 2) cut = cut.slice(0, space);
	return `${cut.trimEnd()}${ELLIPSIS}`;
}

/**
 * The pieces a line break may fall between: the text cut after each `separator` (words for ' ',
 * "SIMULATED IMAGE -", "gemini-3-pro-image -", "2K 2752x1536" for ' - '). A piece longer than a
 * line falls apart into its words, and a word longer than a line into line-long chunks.
 */
function breakable(text: string, separator: string, columns: number): string[] {
	const parts = text.split(separator);
	const pieces: string[] = [];
	parts.forEach((part, index) => {
		const unit = index < parts.length - 1 ? `${part}${separator.trimEnd()}` : part;
		if (unit.length <= columns) {
			if (unit.trim()) pieces.push(unit.trim());
			return;
		}
		for (const word of unit.split(' ').filter(Boolean)) {
			for (let start = 0; start < word.length; start += columns) {
				pieces.push(word.slice(start, start + columns));
			}
		}
	});
	return pieces;
}

/**
 * Greedy wrap to `columns` characters a line, breaking after `separator` (a space: word wrap).
 * Text past `maxLines` lines is cut, and the last line ends with an ellipsis.
 */
export function wrapText(
	text: string,
	columns: number,
	maxLines: number,
	separator = ' ',
): string[] {
	const pieces = breakable(text, separator, columns);
	const lines: string[] = [];
	let line = '';
	for (let index = 0; index < pieces.length; index++) {
		const piece = pieces[index];
		if (!line) line = piece;
		else if (line.length + 1 + piece.length <= columns) line += ` ${piece}`;
		else {
			if (lines.length === maxLines - 1) {
				lines.push(withEllipsis(line, columns));
				return lines;
			}
			lines.push(line);
			line = piece;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * The panel's edges fall on multiples of 8 pixels, so at scales 8 and 16 every glyph cell fills
 * whole 8x8 JPEG units: each is one flat colour, which the JPEG coder handles fast.
 */
const ALIGN = 8;

function panelMargin(width: number, scale: number): number {
	return Math.ceil(Math.max(2 * scale, width / 32) / ALIGN) * ALIGN;
}

/** Characters a line holds at this scale: the last glyph needs no spacing after it. */
function columnsAt(width: number, scale: number): number {
	const inner = width - 2 * panelMargin(width, scale) - 2 * PAD_X * scale;
	return Math.floor((inner + scale) / (ADVANCE * scale));
}

/** The panel's height in font cells for this many heading and body lines. */
function panelCells(headingLines: number, bodyLines: number): number {
	const lines = headingLines + bodyLines;
	return (
		2 * PAD_Y + lines * LINE_PITCH - (LINE_PITCH - GLYPH_HEIGHT) + (bodyLines ? HEADING_GAP : 0)
	);
}

/**
 * The caption's panel and lines on a width x height image, or undefined when not even the heading
 * fits (tiny images). The scale shrinks from its preferred value until a line holds at least
 * MIN_COLUMNS characters and the heading and a first body line fit.
 */
export function layoutCaption(
	width: number,
	height: number,
	caption: ImageCaption,
): CaptionLayout | undefined {
	const headingText = toFontText(caption.heading).trim();
	const bodyText = toFontText(caption.body).trim();
	const preferred = Math.max(1, Math.round(Math.sqrt(width * height) / CELLS_PER_SIDE));
	for (let scale = preferred; scale >= 1; scale--) {
		const columns = columnsAt(width, scale);
		if (columns < 1 || (columns < MIN_COLUMNS && scale > 1)) continue;
		const heading = wrapText(headingText, columns, MAX_HEADING_LINES, HEADING_SEPARATOR);
		const maxCells = Math.floor((height * MAX_PANEL_SHARE) / scale);
		if (panelCells(heading.length, 0) > maxCells) continue;
		const wanted = bodyText ? wrapText(bodyText, columns, MAX_BODY_LINES) : [];
		let bodyLines = wanted.length;
		while (bodyLines > 0 && panelCells(heading.length, bodyLines) > maxCells) bodyLines--;
		if (wanted.length > 0 && bodyLines === 0 && scale > 1) continue;
		const body =
			bodyLines === wanted.length
				? wanted
				: bodyLines === 0
					? []
					: wrapText(bodyText, columns, bodyLines);
		return place(width, height, scale, heading, body);
	}
	return undefined;
}

function place(
	width: number,
	height: number,
	scale: number,
	heading: string[],
	body: string[],
): CaptionLayout {
	const margin = panelMargin(width, scale);
	const panelHeight = panelCells(heading.length, body.length) * scale;
	const top = Math.max(0, Math.floor((height - panelHeight) / 2 / ALIGN) * ALIGN);
	const x = margin + PAD_X * scale;
	const lines: CaptionLine[] = heading.map((text, index) => ({
		text,
		x,
		y: top + (PAD_Y + index * LINE_PITCH) * scale,
		ink: HEADING_INK,
	}));
	const bodyTop = top + (PAD_Y + heading.length * LINE_PITCH + HEADING_GAP) * scale;
	body.forEach((text, index) =>
		lines.push({ text, x, y: bodyTop + index * LINE_PITCH * scale, ink: BODY_INK }),
	);
	return {
		scale,
		panel: { left: margin, top, right: width - margin, bottom: top + panelHeight },
		lines,
	};
}
