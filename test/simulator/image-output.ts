/**
 * Vertex AI's `imageConfig.imageOutputOptions`: the answer image in the format asked for. The
 * generation pipeline draws the picture as a PNG (lossless), and it is encoded again here as a
 * JPEG at the asked quality or as a WebP; a PNG or a JPEG without a quality comes straight from
 * the pipeline's own encoders.
 */
import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { encodeWebp } from './image-webp';
import { assemblePng, FILTER_NONE, scanlineBytes } from './png';
import { readPng, type Pixels } from './png-read';
import { signPart } from './signatures';

export const OUTPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export type OutputMimeType = (typeof OUTPUT_MIME_TYPES)[number];

export interface ImageOutput {
	mimeType: OutputMimeType;
	/** 0 to 100, JPEG and WebP only. */
	quality?: number;
}

function rgba(pixels: Pixels): Buffer {
	if (pixels.channels === 4) return pixels.data;
	const out = Buffer.alloc(pixels.width * pixels.height * 4, 255);
	for (let i = 0, o = 0; i < pixels.data.length; i += 3, o += 4) {
		out[o] = pixels.data[i];
		out[o + 1] = pixels.data[i + 1];
		out[o + 2] = pixels.data[i + 2];
	}
	return out;
}

function encodePng(pixels: Pixels): Buffer {
	const colour = pixels.channels === 4 ? 'rgba' : 'rgb';
	const rowBytes = scanlineBytes(pixels.width, colour);
	const raw = Buffer.alloc(rowBytes * pixels.height);
	const stride = pixels.width * pixels.channels;
	for (let y = 0; y < pixels.height; y++) {
		raw[y * rowBytes] = FILTER_NONE;
		pixels.data.copy(raw, y * rowBytes + 1, y * stride, (y + 1) * stride);
	}
	return assemblePng(pixels.width, pixels.height, colour, deflateSync(raw));
}

/**
 * The WebP encoder is lossless; a quality below 100 stands for lossy coding by keeping fewer
 * levels of each colour (steps of 1 at 100, of 32 at 0): a lower quality gives other, smaller
 * bytes and a coarser picture, as a lossy encoder would.
 */
function quantize(pixels: Pixels, quality: number): Pixels {
	const step = 1 + Math.round(((100 - quality) * 31) / 100);
	if (step === 1) return pixels;
	const data = Buffer.from(pixels.data);
	for (let i = 0; i < data.length; i++) {
		if (pixels.channels === 4 && i % 4 === 3) continue;
		data[i] = Math.min(255, Math.round(data[i] / step) * step);
	}
	return { ...pixels, data };
}

function readImage(bytes: Buffer, mimeType: string): Pixels {
	if (mimeType !== 'image/jpeg') return readPng(bytes);
	const decoded = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 2048 });
	return {
		width: decoded.width,
		height: decoded.height,
		channels: 4,
		data: Buffer.from(decoded.data),
	};
}

/** The image (a PNG unless said) in the asked format: a PNG, a JPEG (quality 85 unless asked), a WebP. */
export function encodeOutput(image: Buffer, output: ImageOutput, sourceType = 'image/png'): Buffer {
	if (output.mimeType === sourceType && output.quality === undefined) return image;
	const pixels = readImage(image, sourceType);
	if (output.mimeType === 'image/png') return encodePng(pixels);
	if (output.mimeType === 'image/jpeg') {
		const data = rgba(pixels);
		return jpeg.encode({ data, width: pixels.width, height: pixels.height }, output.quality ?? 85)
			.data;
	}
	return encodeWebp(output.quality === undefined ? pixels : quantize(pixels, output.quality));
}

type Part = { inlineData?: { mimeType: string; data: string }; thought?: boolean } & Record<
	string,
	unknown
>;

/**
 * Re-encodes the answer image of a generateContent answer (its last non-thought image part) in
 * place, and signs it again when it was signed: a signature belongs to the bytes it came with.
 */
export function applyImageOutput(
	answer: Record<string, unknown>,
	output: ImageOutput,
	signatureBytes: number,
): void {
	const candidates = answer.candidates as Array<{ content?: { parts?: Part[] } }> | undefined;
	const parts = candidates?.[0]?.content?.parts ?? [];
	const part = parts.filter((p) => p.inlineData && p.thought !== true).pop();
	if (!part?.inlineData) return;
	if (part.inlineData.mimeType === output.mimeType && output.quality === undefined) return;
	const source = Buffer.from(part.inlineData.data, 'base64');
	const bytes = encodeOutput(source, output, part.inlineData.mimeType);
	part.inlineData = { mimeType: output.mimeType, data: bytes.toString('base64') };
	if (part.thoughtSignature !== undefined) {
		part.thoughtSignature = signPart('image', bytes, signatureBytes);
	}
}
