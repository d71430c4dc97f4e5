/**
 * Vertex AI's paths (aiplatform.googleapis.com), beside the Gemini API's, under /v1 and /v1beta1:
 *   POST /{v}/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent | :streamGenerateContent
 *   POST /{v}/publishers/google/models/{m}:generateContent | :streamGenerateContent  (express mode)
 *   POST the same two paths with :countTokens
 *   GET  /{v}/publishers/google/models, GET /{v}/publishers/google/models/{m}
 *   POST /token: the OAuth 2.0 token endpoint of service-account keys (token.ts)
 * Anything else under /v1beta1 (batches, files, interactions...) is a 404. These paths check
 * their own credential (auth.ts), not the Gemini API key.
 */
import type { Exchange } from '../server/http-util';
import type { Route } from '../server/routes';
import type { SimulatorState } from '../server/state';
import { authenticateVertex, vertexMethod } from './auth';
import { handleVertexCountTokens } from './count';
import { handleVertexGenerate, type VertexTarget } from './handler';
import { handleGetPublisherModel, handleListPublisherModels } from './models';
import { handleToken } from './token';

const MODEL_ACTION =
	'publishers/google/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)$';

function predict(ex: Exchange, state: SimulatorState, target: VertexTarget, action: string) {
	return action === 'countTokens'
		? handleVertexCountTokens(ex, state, target)
		: handleVertexGenerate(ex, state, target, action === 'streamGenerateContent');
}

export const VERTEX_ROUTES: Route[] = [
	{ method: 'POST', path: /^\/token$/, needsKey: false, handler: handleToken },
	{
		method: 'POST',
		path: new RegExp(`^/(v1|v1beta1)/projects/([^/]+)/locations/([^/]+)/${MODEL_ACTION}`),
		model: 4,
		needsKey: false,
		handler: (ex, state, [, apiVersion, project, location, model, action]) =>
			predict(ex, state, { apiVersion, project, location, model }, action),
	},
	{
		method: 'POST',
		path: new RegExp(`^/(v1|v1beta1)/${MODEL_ACTION}`),
		model: 2,
		needsKey: false,
		handler: (ex, state, [, apiVersion, model, action]) =>
			predict(ex, state, { apiVersion, model }, action),
	},
	{
		method: 'GET',
		path: /^\/(v1|v1beta1)\/publishers\/google\/models(?:\/([^/:]+))?$/,
		model: 2,
		needsKey: false,
		handler: (ex, state, [, apiVersion, model]) => {
			// A token of any project may list; express keys are refused here, as live answers are.
			const rpc = model ? 'GetPublisherModel' : 'ListPublisherModels';
			const method = vertexMethod(apiVersion, 'ModelGardenService', rpc);
			authenticateVertex(ex, state.vertex, { method, acceptsKeys: false });
			if (model) handleGetPublisherModel(ex, state, model);
			else handleListPublisherModels(ex, state);
		},
	},
];
