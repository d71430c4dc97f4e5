import type { IDisplayOptions } from 'n8n-workflow';

/** Shown for these operations only (and, optionally, when other parameters hold these values). */
export function showFor(
	operations: string[],
	also: NonNullable<IDisplayOptions['show']> = {},
): IDisplayOptions {
	return { show: { operation: operations, ...also } };
}

/** Shown on node version 1 only: what a saved version-1 node keeps. */
export const VERSION_1: IDisplayOptions = { show: { '@version': [1] } };

/** Shown from node version 1.1 on. */
export const FROM_VERSION_1_1: IDisplayOptions = {
	show: { '@version': [{ _cnd: { gte: 1.1 } }] },
};

/** Shown on node versions 1 and 1.1. */
export const UP_TO_VERSION_1_1: IDisplayOptions = {
	show: { '@version': [{ _cnd: { lte: 1.1 } }] },
};

/** Shown from node version 1.2 on. */
export const FROM_VERSION_1_2: IDisplayOptions = {
	show: { '@version': [{ _cnd: { gte: 1.2 } }] },
};
