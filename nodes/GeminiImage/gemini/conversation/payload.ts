import type { Content, Part } from '@google/genai';

import type { CloudImage } from './cloudStorage';

/** An image waiting to be sent: inline as base64, or uploaded first when the request is large. */
export interface PendingImage {
	bytes: Buffer;
	mimeType: string;
	displayName: string;
}

export interface PendingPart {
	/** Everything of the part but its image: text, thought, thoughtSignature. */
	part: Omit<Part, 'inlineData' | 'fileData'>;
	image?: PendingImage;
	/** An image the API reads itself (a gs:// URI on Vertex AI): sent as a file part. */
	file?: CloudImage;
}

export interface PendingTurn {
	role: 'user' | 'model';
	parts: PendingPart[];
}

export interface UploadedFile {
	/** The Files API's name, files/...: what a batch job reads its requests from. */
	name?: string;
	uri: string;
	mimeType: string;
}

/**
 * Google advises the Files API once a request passes 20 MB; inline requests are refused past
 * 100 MB. Staying under the advised figure keeps requests fast and far from the hard limit.
 */
export const INLINE_REQUEST_BUDGET_BYTES = 20 * 1024 * 1024;

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * Vertex AI has no Files API: every image goes inline, in a request of at most 20 MB (Google's
 * figure for inline data on Vertex AI).
 */
export const VERTEX_INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

/** The base64 bytes the images of these turns take inline (one image sent twice counts twice). */
export function inlineBytes(turns: PendingTurn[]): number {
	return turns
		.flatMap((turn) => turn.parts)
		.reduce((sum, part) => sum + (part.image ? base64Length(part.image.bytes.length) : 0), 0);
}

/**
 * Picks the images to upload: the largest first (an image sent several times counts as often),
 * until what stays inline fits the budget. Small images stay inline, so a typical request
 * makes no extra calls. One image (the same bytes) is one upload however often it is sent.
 */
export function chooseUploads(
	turns: PendingTurn[],
	budgetBytes = INLINE_REQUEST_BUDGET_BYTES,
): Set<PendingImage> {
	const sent = new Map<Buffer, { image: PendingImage; cost: number }>();
	for (const part of turns.flatMap((turn) => turn.parts)) {
		if (!part.image) continue;
		const entry = sent.get(part.image.bytes) ?? { image: part.image, cost: 0 };
		entry.cost += base64Length(part.image.bytes.length);
		sent.set(part.image.bytes, entry);
	}
	let inline = [...sent.values()].reduce((sum, entry) => sum + entry.cost, 0);
	const uploads = new Set<PendingImage>();
	for (const entry of [...sent.values()].sort((a, b) => b.cost - a.cost)) {
		if (inline <= budgetBytes) break;
		uploads.add(entry.image);
		inline -= entry.cost;
	}
	return uploads;
}

/** Turns pending parts into the API's contents, uploading the chosen images first. */
export async function materializeContents(
	turns: PendingTurn[],
	upload: (image: PendingImage) => Promise<UploadedFile>,
	budgetBytes = INLINE_REQUEST_BUDGET_BYTES,
): Promise<Content[]> {
	const uploaded = new Map<Buffer, UploadedFile>();
	for (const image of chooseUploads(turns, budgetBytes)) {
		uploaded.set(image.bytes, await upload(image));
	}
	const base64 = new Map<Buffer, string>();
	const inline = (bytes: Buffer) => {
		if (!base64.has(bytes)) base64.set(bytes, bytes.toString('base64'));
		return base64.get(bytes) as string;
	};
	return turns.map((turn) => ({
		role: turn.role,
		parts: turn.parts.map(({ part, image, file: cloud }): Part => {
			if (cloud) return { ...part, fileData: { fileUri: cloud.uri, mimeType: cloud.mimeType } };
			if (!image) return { ...part };
			const file = uploaded.get(image.bytes);
			if (file) return { ...part, fileData: { fileUri: file.uri, mimeType: file.mimeType } };
			return { ...part, inlineData: { mimeType: image.mimeType, data: inline(image.bytes) } };
		}),
	}));
}
