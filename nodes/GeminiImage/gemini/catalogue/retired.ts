import type { ApiFailure } from '../failures/errors';
import type { ModelCapabilities } from './models';
import { MODEL_CAPABILITIES, modelListName, normalizeModelId } from './models';

/** A model id Google deprecated or shut down on the Gemini API, and what to use instead. */
export interface RetiredModel {
	id: string;
	/** As Google states it: deprecated (no shutdown date given) or shut down. */
	status: 'deprecated' | 'shut down';
	/** The day Google shut it down, YYYY-MM-DD: only where Google's own pages give one. */
	shutDown?: string;
	successor: string;
}

/**
 * Ids Google deprecated or shut down on the Gemini API (Google's changelog and deprecations
 * page, checked 2026-12), none offered for new work. They stay typeable: Google, Vertex AI and
 * gateways may still serve them, so they are only explained when the endpoint answers 404.
 */
export const RETIRED_MODELS: readonly RetiredModel[] = [
	// Changelog 2026-10-06: deprecated, no shutdown date announced.
	{ id: 'gemini-3.1-flash-image', status: 'deprecated', successor: 'gemini-nano-banana-2.1' },
	{
		id: 'gemini-2.5-flash-image',
		status: 'shut down',
		shutDown: '2026-10-02',
		successor: 'gemini-nano-banana-2.1',
	},
	{
		id: 'gemini-3-pro-image-preview',
		status: 'shut down',
		shutDown: '2026-06-25',
		successor: 'gemini-3-pro-image',
	},
	{
		id: 'gemini-3.1-flash-image-preview',
		status: 'shut down',
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
 * A 404 for a retired id, said plainly: which id, what Google stated, what to choose instead. Other
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
		message: retired.shutDown
			? `${retired.id} was shut down by Google on ${retired.shutDown}; choose ${successor}`
			: `Google no longer serves ${retired.id} (deprecated, no shutdown date announced); choose ${successor}`,
		hint: `${where} Google answered: "${failure.message}"`,
	};
}
