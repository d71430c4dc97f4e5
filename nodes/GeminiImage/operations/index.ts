import { generateOperation } from './generate';
import type { ImageOperation } from './types';

/** Every operation of the node, in the order the UI lists them. */
export const OPERATIONS: readonly ImageOperation[] = [generateOperation];
