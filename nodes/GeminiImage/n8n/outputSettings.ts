import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NUMBER_OF_IMAGES } from './limits';
import { optionalNumber, readOptions } from './parameters';

export type ImagesOutput = 'separateItems' | 'oneItem';

/** How the images of one item leave the node. */
export interface OutputSettings {
	binaryPropertyName: string;
	fileName?: string;
	imagesOutput: ImagesOutput;
	numberOfImages: number;
	simplify: boolean;
}

function readNumberOfImages(context: IExecuteFunctions, itemIndex: number): number {
	const requested = readOptions(context, itemIndex).numberOfImages ?? NUMBER_OF_IMAGES.default;
	const count = optionalNumber(Number(requested));
	const { min, max } = NUMBER_OF_IMAGES;
	if (count === undefined || !Number.isInteger(count) || count < min || count > max) {
		throw new NodeOperationError(
			context.getNode(),
			`Number of Images must be a whole number from ${min} to ${max} for item ${itemIndex}`,
			{
				itemIndex,
				description: `Parameter "Options > Number of Images" is ${JSON.stringify(requested)}.`,
			},
		);
	}
	return count;
}

export function readOutputSettings(context: IExecuteFunctions, itemIndex: number): OutputSettings {
	const options = readOptions(context, itemIndex);
	return {
		binaryPropertyName: String(options.binaryPropertyName ?? 'data').trim() || 'data',
		fileName: (options.fileName as string | undefined)?.trim() || undefined,
		imagesOutput: options.imagesOutput === 'oneItem' ? 'oneItem' : 'separateItems',
		numberOfImages: readNumberOfImages(context, itemIndex),
		simplify: context.getNodeParameter('simplify', itemIndex, false) === true,
	};
}
