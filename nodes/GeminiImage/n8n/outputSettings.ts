import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UNSAFE_CHARACTERS } from '../image/fileName';
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

/** Names an object cannot hold as its own key, or that no storage node can use. */
const UNUSABLE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function readBinaryPropertyName(context: IExecuteFunctions, itemIndex: number): string {
	const name =
		String(readOptions(context, itemIndex).binaryPropertyName ?? 'data').trim() || 'data';
	const problem = UNUSABLE_NAMES.has(name)
		? 'is a name JavaScript objects reserve'
		: new RegExp(UNSAFE_CHARACTERS.source).test(name)
			? 'holds a control character'
			: name.length > 100
				? 'is longer than 100 characters'
				: undefined;
	if (problem) {
		throw new NodeOperationError(
			context.getNode(),
			`The output binary property ${JSON.stringify(name.slice(0, 40))} ${problem} (item ${itemIndex})`,
			{
				itemIndex,
				description:
					'Parameter "Options > Output Binary Property": use letters, digits, "_" or "-", e.g. "data".',
			},
		);
	}
	return name;
}

export function readOutputSettings(context: IExecuteFunctions, itemIndex: number): OutputSettings {
	const options = readOptions(context, itemIndex);
	return {
		binaryPropertyName: readBinaryPropertyName(context, itemIndex),
		fileName: (options.fileName as string | undefined)?.trim() || undefined,
		imagesOutput: options.imagesOutput === 'oneItem' ? 'oneItem' : 'separateItems',
		numberOfImages: readNumberOfImages(context, itemIndex),
		simplify: context.getNodeParameter('simplify', itemIndex, false) === true,
	};
}
