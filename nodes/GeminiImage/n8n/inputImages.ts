import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { convertGifToPng } from '../image/gif';
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
export async function readInputImage(
	context: IExecuteFunctions,
	itemIndex: number,
	property: string,
	parameter: string,
): Promise<InputImage> {
	const node = context.getNode();
	const available = binaryPropertiesOf(context, itemIndex);
	if (!available.includes(property)) {
		const has = available.length
			? `It has: ${available.join(', ')}.`
			: 'It has no binary data at all.';
		throw new NodeOperationError(node, `Item ${itemIndex} has no binary property "${property}"`, {
			itemIndex,
			description: `Parameter "${parameter}" names "${property}". ${has} Read the image with a node such as Read/Write Files from Disk or HTTP Request first, or correct the name.`,
		});
	}
	const binary = context.helpers.assertBinaryData(itemIndex, property);
	const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, property);
	const check = checkInputImage(bytes, binary.mimeType);
	if (!check.ok) {
		const name = binary.fileName ? ` (${binary.fileName})` : '';
		throw new NodeOperationError(
			node,
			`Binary property "${property}"${name} of item ${itemIndex} ${check.problem}`,
			{ itemIndex, description: `Parameter "${parameter}". ${check.hint}` },
		);
	}
	const image = { property, binary, width: check.width, height: check.height };
	if (check.mimeType !== 'image/gif') return { ...image, bytes, mimeType: check.mimeType };
	let gif;
	try {
		gif = convertGifToPng(bytes);
	} catch (error) {
		const name = binary.fileName ? ` (${binary.fileName})` : '';
		throw new NodeOperationError(
			node,
			`Binary property "${property}"${name} of item ${itemIndex} is a GIF that cannot be read`,
			{
				itemIndex,
				description: `Parameter "${parameter}". The GIF decoder said: ${(error as Error).message}. Re-export the image as PNG or JPEG.`,
			},
		);
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
