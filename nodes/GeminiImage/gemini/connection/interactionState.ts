import { sleep } from './wait';

/** States in which an interaction is still being worked on (background runs). */
export const RUNNING_STATES = new Set(['in_progress', 'queued']);

/**
 * A background interaction that had not finished within the request timeout. Not retried:
 * a retry would start (and bill) another generation; the running one was cancelled.
 */
export class InteractionRunningError extends Error {
	name = 'InteractionRunningError';

	constructor(
		readonly interactionId: string,
		seconds: number,
	) {
		super(`the background interaction ${interactionId} was still running after ${seconds} s`);
	}
}

export interface InteractionPolls {
	get(id: string): Promise<unknown>;
	cancel(id: string): Promise<unknown>;
	/** How long the whole generation may take: the request timeout. */
	deadlineMs: number;
	stop?: AbortSignal;
}

const FIRST_POLL_MS = 500;
const LONGEST_POLL_MS = 3000;

function statusOf(interaction: unknown): string {
	const status = (interaction as { status?: unknown } | undefined)?.status;
	return typeof status === 'string' ? status : '';
}

function idOf(interaction: unknown): string {
	const id = (interaction as { id?: unknown } | undefined)?.id;
	return typeof id === 'string' ? id : '';
}

/**
 * Polls a background interaction until it leaves its running states, within the deadline
 * (counted from `startedAt`) and Stop; past the deadline it is cancelled and refused.
 */
export async function waitUntilDone(
	created: unknown,
	startedAt: number,
	polls: InteractionPolls,
): Promise<unknown> {
	let interaction = created;
	const id = idOf(created);
	for (let interval = FIRST_POLL_MS; RUNNING_STATES.has(statusOf(interaction));) {
		if (polls.stop?.aborted || !id) break;
		if (Date.now() - startedAt + interval > polls.deadlineMs) break;
		await sleep(interval, polls.stop);
		if (polls.stop?.aborted) break;
		interaction = await polls.get(id);
		interval = Math.min(LONGEST_POLL_MS, interval * 2);
	}
	if (RUNNING_STATES.has(statusOf(interaction))) {
		// Best effort: the generation would otherwise go on (and be billed) unseen.
		await polls.cancel(id).catch(() => undefined);
		throw new InteractionRunningError(id, Math.round((Date.now() - startedAt) / 1000));
	}
	return interaction;
}
