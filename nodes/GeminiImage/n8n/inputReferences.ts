import type { IExecuteFunctions } from 'n8n-workflow';

import { checkInputMedia, mediaKindOf } from '../image/media';
import type { MediaKind } from '../image/media';
import type { InputImage } from './inputImages';
import { binaryProblem, imageOf, readBinary } from './inputImages';

/** A video or PDF among an item's references, as the output JSON names it. */
export interface MediaInput {
	item: number;
	binaryProperty: string;
	fileName?: string;
	kind: MediaKind;
	mimeType: string;
	sizeBytes: number;
}

/**
 * A reference of Edit or Compose: an image, or a video or PDF when its MIME type says so (then
 * its bytes must be that container). Whether the model takes it is the plan's check.
 */
export async function readInputReference(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	parameter: string,
): Promise<InputImage> {
	const { binary, bytes } = await readBinary(context, itemIndex, property, parameter);
	const read = { property, parameter, binary, bytes };
	if (!mediaKindOf(binary.mimeType)) return imageOf(context, itemIndex, read);
	const check = checkInputMedia(bytes, binary.mimeType);
	if (!check.ok) throw binaryProblem(context, itemIndex, read, check);
	return { property, binary, bytes, mimeType: check.mimeType, kind: check.kind };
}

/** What the output JSON says of a video or PDF reference. */
export function mediaInputOf(itemIndex: number, input: InputImage): MediaInput | undefined {
	if (!input.kind) return undefined;
	return {
		item: itemIndex,
		binaryProperty: input.property,
		...(input.binary.fileName ? { fileName: input.binary.fileName } : {}),
		kind: input.kind,
		mimeType: input.mimeType,
		sizeBytes: input.bytes.length,
	};
}
