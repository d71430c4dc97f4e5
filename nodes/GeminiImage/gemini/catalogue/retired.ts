import type { ApiFailure } from '../failures/errors';
import type { ModelCapabilities } from './models';
import { MODEL_CAPABILITIES, modelListName, normalizeModelId } from './models';

/** A model id Google shut down on the Gemini API, and what to use instead. */
export interface RetiredModel {
	id: string;
	/** The day Google shut it down, YYYY-MM-DD. */
	shutDown: string;
	successor: string;
}

/**
 * Ids Google shut down on the Gemini API (Google's deprecations page, checked 2026-12). They
 * stay typeable: Vertex AI and gateways may still serve them, so they are only explained when
 * the endpoint answers 404.
 */
export const RETIRED_MODELS: readonly RetiredModel[] = [
	{ id: 'gemini-3.1-flash-image', shutDown: '2026-10-29', successor: 'gemini-nano-banana-2.1' },
	{ id: 'gemini-2.5-flash-image', shutDown: '2026-10-02', successor: 'gemini-nano-banana-2.1' },
	{ id: 'gemini-3-pro-image-preview', shutDown: '2026-06-25', successor: 'gemini-3-pro-image' },
	{
		id: 'gemini-3.1-flash-image-preview',
		shutDown: '2026-06-25',
		successor: 'gemini-nano-banana-2.1',
	},
];

export function findRetiredModel(modelId: string): RetiredModel | undefined {
	const id = normalizeModelId(modelId);
	return RETIRED_MODELS.find((model) => model.id === id);
}

/** Models still served, with a capability, named for hints: "Nano Banana 2.1 (gemini-…)". */
export function currentModelsWith(has: (model: ModelCapabilities) => boolean): string[] {
	return MODEL_CAPABILITIES.filter((model) => has(model) && !findRetiredModel(model.family)).map(
		(model) => modelListName(model.family),
	);
}

/**
 * A 404 for a retired id, said plainly: which id, since when, what to choose instead. Other
 * answers, and ids still served, are left as Google gave them.
 */
export function explainRetiredModel(
	failure: ApiFailure,
	modelId: string,
	/** What the user should do instead, in the words of where the model was chosen. */
	advise: (retired: RetiredModel, successor: string) => string,
): ApiFailure {
	const retired = findRetiredModel(modelId);
	// Only Google's JSON "models/<id> is not found": a 404 page for a wrong Base URL or API
	// version (which names the path, model and all) is not about the model.
	if (
		!retired ||
		failure.httpStatus !== 404 ||
		failure.googleStatus !== 'NOT_FOUND' ||
		!(
			failure.message.includes(`models/${retired.id}`) ||
			failure.message.includes(`'${retired.id}'`)
		)
	)
		return failure;
	const successor = modelListName(retired.successor);
	const where = advise(retired, successor);
	return {
		...failure,
		message: `${retired.id} was shut down by Google on ${retired.shutDown}; choose ${successor}`,
		hint: `${where} Google answered: "${failure.message}"`,
	};
}
