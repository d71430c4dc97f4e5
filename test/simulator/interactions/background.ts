/**
 * background:true: the create answers at once with status "in_progress" and the interaction
 * finishes `interactionBackgroundMs` (plus any [sim:slow] time) later, as GET then shows. Errors
 * a marker asks for end it "failed" with errors[]; the transport faults ([sim:drop], [sim:truncate],
 * [sim:malformed]) hit the create answer itself, while the work still runs.
 */
import { sendJson, type Exchange } from '../server/http-util';
import { interactionResource } from './resource';
import { interactionOutcome } from './output';
import type { StoredInteraction } from './store';
import {
	answerGeneration,
	generationDelayMs,
	generationError,
	transportFault,
	type Generation,
} from '../generate/generation';
import type { SimulatorState } from '../server/state';
import { sendMalformed, sendTruncated } from '../server/transport-faults';

/** How long a background interaction runs unless `interactionBackgroundMs` says otherwise. */
export const DEFAULT_BACKGROUND_MS = 1500;

type NewInteraction = Omit<StoredInteraction, 'status' | 'createdAt' | 'updatedAt' | 'expiresAt'>;

async function finish(
	item: StoredInteraction,
	generation: Generation,
	state: SimulatorState,
	turn: number,
	cachedTokens: number,
): Promise<void> {
	const error = generationError(generation);
	if (error) {
		item.status = 'failed';
		item.errors = [{ code: error.status, message: error.message }];
	} else {
		const answer = await answerGeneration(generation, state, turn);
		// Cancelled or deleted while the image was being made.
		if (item.status !== 'in_progress') return;
		const outcome = interactionOutcome(answer, cachedTokens);
		Object.assign(item, {
			status: outcome.status,
			steps: outcome.steps,
			usage: outcome.usage,
			errors: outcome.errors,
			history: outcome.modelTurn ? [...item.history, outcome.modelTurn] : item.history,
		});
	}
	item.timer = undefined;
	item.updatedAt = Date.now();
}

export function startBackground(
	ex: Exchange,
	state: SimulatorState,
	record: NewInteraction,
	generation: Generation,
	answer: { turn: number; cachedTokens: number },
): void {
	const item = state.interactions.add({ ...record, status: 'in_progress' });
	const run = (): void => {
		finish(item, generation, state, answer.turn, answer.cachedTokens).catch((error: unknown) => {
			console.error('Gemini API simulator: background interaction failed', error);
			item.status = 'failed';
			item.errors = [{ code: 'INTERNAL', message: 'An internal error has occurred.' }];
		});
	};
	item.timer = setTimeout(run, state.backgroundMs + generationDelayMs(generation));
	item.timer.unref?.();
	const resource = interactionResource(item);
	const fault = transportFault(generation);
	if (fault === 'drop') ex.drop();
	else if (fault === 'malformed') sendMalformed(ex);
	else if (fault === 'truncate') sendTruncated(ex, resource);
	else sendJson(ex, 200, resource);
}
