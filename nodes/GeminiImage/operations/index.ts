import { BATCH_OPERATIONS } from './batch';
import { composeOperation } from './compose';
import type { JobOperation } from './types';
import { deleteConversationOperation } from './deleteConversation';
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

/** Every operation, image-making or not, in the order the UI lists them. */
export const ALL_OPERATIONS: ReadonlyArray<ImageOperation | JobOperation> = [
	...OPERATIONS,
	deleteConversationOperation,
	...BATCH_OPERATIONS,
];
