import { composeOperation } from './compose';
import { editOperation } from './edit';
import { generateOperation } from './generate';
import { generateWithSearchOperation } from './generateWithSearch';
import { refineOperation } from './refine';
import type { ImageOperation } from './types';

/** Every operation of the node, in the order the UI lists them. */
export const OPERATIONS: readonly ImageOperation[] = [
	generateOperation,
	editOperation,
	composeOperation,
	generateWithSearchOperation,
	refineOperation,
];
