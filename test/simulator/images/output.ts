/**
 * Vertex AI's `imageConfig.imageOutputOptions`: the answer image in the format asked for, encoded
 * again by libvips (sharp): a JPEG at the asked quality (85 unless asked), a PNG or a WebP.
 */
import sharp from 'sharp';
import { signPart } from '../generate/signatures';
import { readCaptionMarker, writeCaptionMarker } from './caption-marker';

export const OUTPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export type OutputMimeType = (typeof OUTPUT_MIME_TYPES)[number];

export interface ImageOutput {
	mimeType: OutputMimeType;
	/** 0 to 100, JPEG and WebP only. */
	quality?: number;
}

/** The image in the asked format; its caption marker goes along where the format holds one. */
export async function encodeOutput(
	image: Buffer,
	output: ImageOutput,
	sourceType = 'image/png',
): Promise<Buffer> {
	if (output.mimeType === sourceType && output.quality === undefined) return image;
	const picture = sharp(image);
	const quality = output.quality === undefined ? undefined : Math.max(1, output.quality);
	const encoded = await (
		output.mimeType === 'image/png'
			? picture.png()
			: output.mimeType === 'image/jpeg'
				? picture.jpeg({ quality: quality ?? 85 })
				: picture.webp(quality === undefined ? { lossless: true } : { quality })
	).toBuffer();
	const caption = readCaptionMarker(image);
	return caption ? writeCaptionMarker(encoded, caption) : encoded;
}

type Part = { inlineData?: { mimeType: string; data: string }; thought?: boolean } & Record<
	string,
	unknown
>;

/**
 * Re-encodes the answer image of a generateContent answer (its last non-thought image part) in
 * place, and signs it again when it was signed: a signature belongs to the bytes it came with.
 */
export async function applyImageOutput(
	answer: Record<string, unknown>,
	output: ImageOutput,
	signatureBytes: number,
): Promise<void> {
	const candidates = answer.candidates as Array<{ content?: { parts?: Part[] } }> | undefined;
	const parts = candidates?.[0]?.content?.parts ?? [];
	const part = parts.filter((p) => p.inlineData && p.thought !== true).pop();
	if (!part?.inlineData) return;
	if (part.inlineData.mimeType === output.mimeType && output.quality === undefined) return;
	const source = Buffer.from(part.inlineData.data, 'base64');
	const bytes = await encodeOutput(source, output, part.inlineData.mimeType);
	part.inlineData = { mimeType: output.mimeType, data: bytes.toString('base64') };
	if (part.thoughtSignature !== undefined) {
		part.thoughtSignature = signPart('image', bytes, signatureBytes);
	}
}
