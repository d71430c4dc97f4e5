import type { Content, Part } from '@google/genai';

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
}

export interface PendingTurn {
	role: 'user' | 'model';
	parts: PendingPart[];
}

export interface UploadedFile {
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
 * Picks the images to upload: the largest first, until what stays inline fits the budget.
 * Small images stay inline, so a typical request makes no extra calls.
 */
export function chooseUploads(
	turns: PendingTurn[],
	budgetBytes = INLINE_REQUEST_BUDGET_BYTES,
): Set<PendingImage> {
	const images = turns.flatMap((turn) => turn.parts.flatMap((p) => (p.image ? [p.image] : [])));
	let inline = images.reduce((sum, image) => sum + base64Length(image.bytes.length), 0);
	const uploads = new Set<PendingImage>();
	for (const image of [...images].sort((a, b) => b.bytes.length - a.bytes.length)) {
		if (inline <= budgetBytes) break;
		uploads.add(image);
		inline -= base64Length(image.bytes.length);
	}
	return uploads;
}

/** Turns pending parts into the API's contents, uploading the chosen images first. */
export async function materializeContents(
	turns: PendingTurn[],
	upload: (image: PendingImage) => Promise<UploadedFile>,
	budgetBytes = INLINE_REQUEST_BUDGET_BYTES,
): Promise<Content[]> {
	const uploads = chooseUploads(turns, budgetBytes);
	const uploaded = new Map<PendingImage, UploadedFile>();
	for (const image of uploads) uploaded.set(image, await upload(image));
	return turns.map((turn) => ({
		role: turn.role,
		parts: turn.parts.map(({ part, image }): Part => {
			if (!image) return { ...part };
			const file = uploaded.get(image);
			if (file) return { ...part, fileData: { fileUri: file.uri, mimeType: file.mimeType } };
			return {
				...part,
				inlineData: { mimeType: image.mimeType, data: image.bytes.toString('base64') },
			};
		}),
	}));
}
