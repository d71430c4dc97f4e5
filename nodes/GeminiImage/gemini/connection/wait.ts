/** The longest a timer can wait (setTimeout overflows past it and fires at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` (within the timer's range), or less if `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS));
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, { once: true });
	});
}
