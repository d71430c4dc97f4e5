import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { convertGifToPng } from '../image/gif';
import type { MediaKind } from '../image/media';
import { checkInputImage } from '../image/validate';

/** An image read from an item's binary property, checked and ready to send. */
export interface InputImage {
	property: string;
	bytes: Buffer;
	mimeType: string;
	/** n8n's reference to the stored bytes, carried on into the output without a copy. */
	binary: IBinaryData;
	width?: number;
	height?: number;
	/** Set when the bytes sent are not the item's: a GIF goes as its first frame in PNG. */
	converted?: InputConversion;
	/** Set for a video or PDF reference (Edit, Compose): sent as it is, never as an image. */
	kind?: MediaKind;
}

/** Said in the output JSON, so a user knows what Gemini really saw. */
export interface InputConversion {
	item: number;
	binaryProperty: string;
	from: string;
	to: string;
	frames: number;
}

export function binaryPropertiesOf(context: IExecuteFunctions, itemIndex: number): string[] {
	return Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
}

/** Splits "data, photo2" into names. */
export function splitPropertyNames(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

/**
 * Reads through n8n's binary helpers, so filesystem, S3 and database modes all work: the
 * item holds a reference, never the bytes themselves.
 */
export async function readBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	parameter: string,
): Promise<{ binary: IBinaryData; bytes: Buffer }> {
	const available = binaryPropertiesOf(context, itemIndex);
	if (!available.includes(property)) {
		const has = available.length
			? `It has: ${available.join(', ')}.`
			: 'It has no binary data at all.';
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex} has no binary property "${property}"`,
			{
				itemIndex,
				description: `Parameter "${parameter}" names "${property}". ${has} Read the image with a node such as Read/Write Files from Disk or HTTP Request first, or correct the name.`,
			},
		);
	}
	const binary = context.helpers.assertBinaryData(itemIndex, property);
	const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, property);
	return { binary, bytes };
}

/** The item's binary problem, naming the property, its file, the item and the parameter. */
export function binaryProblem(
	context: IExecuteFunctions,
	itemIndex: number,
	{ property, binary, parameter }: { property: string; binary: IBinaryData; parameter: string },
	problem: { problem: string; hint: string },
): NodeOperationError {
	const name = binary.fileName ? ` (${binary.fileName})` : '';
	return new NodeOperationError(
		context.getNode(),
		`Binary property "${property}"${name} of item ${itemIndex} ${problem.problem}`,
		{ itemIndex, description: `Parameter "${parameter}". ${problem.hint}` },
	);
}

export async function readInputImage(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	parameter: string,
): Promise<InputImage> {
	const { binary, bytes } = await readBinary(context, itemIndex, property, parameter);
	return imageOf(context, itemIndex, { property, parameter, binary, bytes });
}

/** Checks bytes read from an item as an image, a GIF converted to PNG. */
export function imageOf(
	context: IExecuteFunctions,
	itemIndex: number,
	read: { property: string; parameter: string; binary: IBinaryData; bytes: Buffer },
): InputImage {
	const { property, binary, bytes } = read;
	const check = checkInputImage(bytes, binary.mimeType);
	if (!check.ok) throw binaryProblem(context, itemIndex, read, check);
	const image = { property, binary, width: check.width, height: check.height };
	if (check.mimeType !== 'image/gif') return { ...image, bytes, mimeType: check.mimeType };
	let gif;
	try {
		gif = convertGifToPng(bytes);
	} catch (error) {
		throw binaryProblem(context, itemIndex, read, {
			problem: 'is a GIF that cannot be read',
			hint: `The GIF decoder said: ${(error as Error).message}. Re-export the image as PNG or JPEG.`,
		});
	}
	return {
		...image,
		bytes: gif.png,
		mimeType: 'image/png',
		converted: {
			item: itemIndex,
			binaryProperty: property,
			from: 'image/gif',
			to: 'image/png',
			frames: gif.frames,
		},
	};
}
