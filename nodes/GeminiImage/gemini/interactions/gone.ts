import type { ApiFailure } from '../failures/errors';

/**
 * A continuation Google cannot find its stored interaction for: deleted, past its retention
 * (paid tier 55 days, free tier 1 day), or made elsewhere. Google's docs give no fixed
 * wording, so any 404 or 410 (or a 400 that speaks of the interaction) not about the model
 * counts. Pure.
 */
export function explainGoneInteraction(failure: ApiFailure, interactionId: string): ApiFailure {
	const status = failure.httpStatus;
	const aboutInteraction =
		status === 404 || status === 410 || (status === 400 && /interaction/i.test(failure.message));
	if (failure.kind !== 'api' || !aboutInteraction || /\bmodel\b/i.test(failure.message)) {
		return failure;
	}
	return {
		...failure,
		retryable: false,
		message: `the stored conversation ${interactionId} no longer exists at Google (deleted, or past its retention: 55 days on the paid tier, 1 day on the free tier)`,
		hint: `Start a new conversation with Generate, Edit or Compose From References (API: Interactions) and continue from its output. Google answered: "${failure.message}"`,
	};
}
