/**
 * Vertex AI's view of the model table: where each model is served, and the publisher models
 * that `ai.models.list()` (GET /{v}/publishers/google/models) and `ai.models.get()` read. The
 * ids and rules are models/table.ts's; retired ids are retired here too.
 */
import { sendJson, type Exchange } from '../server/http-util';
import { servedModelPage } from '../models/handler';
import { servedModel, usesThoughtSignatures, type ModelSpec } from '../models/table';
import type { SimulatorState } from '../server/state';
import { publisherModelNotFound } from './errors';

/** Regions that serve the older models beside `global`. */
export const VERTEX_REGIONS = [
	'us-central1',
	'us-east1',
	'us-east4',
	'us-west1',
	'us-west4',
	'europe-west1',
	'europe-west4',
	'asia-northeast1',
] as const;

/**
 * Gemini 3 image models and Nano Banana 2.1 are served on the global endpoint only (a regional
 * location answers 404, as live ones do for us-central1); the 2.5 models also in the regions.
 */
export function vertexLocations(model: ModelSpec): readonly string[] {
	return usesThoughtSignatures(model.id) ? ['global'] : ['global', ...VERTEX_REGIONS];
}

/** The model for generateContent at `resource`, or Vertex AI's 404. */
export function vertexModel(
	modelId: string,
	state: SimulatorState,
	location: string,
	resource: string,
): ModelSpec {
	const model = servedModel(modelId, state.retiredModels);
	if (
		!model ||
		!model.methods.includes('generateContent') ||
		!vertexLocations(model).includes(location)
	) {
		throw publisherModelNotFound(resource);
	}
	return model;
}

/** A PublisherModel resource (the SDK reads name, versionId and, were it there, displayName). */
export function publisherModelResource(spec: ModelSpec): Record<string, unknown> {
	const preview = spec.id.endsWith('-preview');
	return {
		name: `publishers/google/models/${spec.id}`,
		versionId: 'default',
		openSourceCategory: 'PROPRIETARY',
		launchStage: preview ? 'PUBLIC_PREVIEW' : 'GA',
		versionState: preview ? 'VERSION_STATE_UNSTABLE' : 'VERSION_STATE_STABLE',
		publisherModelTemplate: `projects/{project}/locations/{location}/publishers/google/models/${spec.id}`,
	};
}

/** GET /{v}/publishers/google/models: {publisherModels, nextPageToken}. */
export function handleListPublisherModels(ex: Exchange, state: SimulatorState): void {
	const { page, nextPageToken } = servedModelPage(ex, state, 'publisher-models');
	sendJson(ex, 200, {
		publisherModels: page.map(publisherModelResource),
		...(nextPageToken ? { nextPageToken } : {}),
	});
}

/** GET /{v}/publishers/google/models/{model}. */
export function handleGetPublisherModel(
	ex: Exchange,
	state: SimulatorState,
	modelId: string,
): void {
	const model = servedModel(modelId, state.retiredModels);
	if (!model) throw publisherModelNotFound(`publishers/google/models/${modelId}`);
	sendJson(ex, 200, publisherModelResource(model));
}
