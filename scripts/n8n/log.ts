/** Progress lines for the long steps of `npm start` and the end-to-end suite. */

export function say(message: string): void {
	console.log(`[gemini-image] ${message}`);
}

export function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs one step, printing a line when it starts and one with its elapsed time when it ends. */
export async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
	const startedAt = Date.now();
	say(`${title} ...`);
	try {
		const result = await work();
		say(`${title}: done in ${seconds(startedAt)}`);
		return result;
	} catch (error) {
		say(`${title}: FAILED after ${seconds(startedAt)}`);
		throw error;
	}
}
