import { GifReader } from 'omggif';
import { PNG } from 'pngjs';

/** A GIF turned into what Gemini takes: its first frame as a PNG. */
export interface ConvertedGif {
	png: Buffer;
	width: number;
	height: number;
	/** Frames in the GIF; only the first is sent. */
	frames: number;
}

/**
 * Gemini's input types no longer include GIF, so its first frame (on the GIF's full canvas,
 * transparency kept) goes as a PNG. Pure: bytes in, bytes out. Throws on a GIF it cannot decode.
 */
export function convertGifToPng(gif: Buffer): ConvertedGif {
	const reader = new GifReader(gif);
	const { width, height } = reader;
	const png = new PNG({ width, height });
	reader.decodeAndBlitFrameRGBA(0, png.data);
	return { png: PNG.sync.write(png), width, height, frames: reader.numFrames() };
}
