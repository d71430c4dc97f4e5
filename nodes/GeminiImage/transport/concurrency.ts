/** Runs at most `limit` tasks at once; the rest wait in order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
	let active = 0;
	const waiting: Array<() => void> = [];
	const release = () => {
		active--;
		waiting.shift()?.();
	};
	return async (task) => {
		if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
		active++;
		try {
			return await task();
		} finally {
			release();
		}
	};
}

/**
 * Maps over `count` indexes with at most `limit` running at once, results in index order.
 * Once `shouldStop` says so, indexes not yet started are skipped (left undefined).
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	worker: (index: number) => Promise<T>,
	shouldStop: () => boolean = () => false,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array(count).fill(undefined);
	let next = 0;
	const run = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			results[index] = await worker(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, run));
	return results;
}
