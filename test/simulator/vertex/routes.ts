/**
 * Vertex AI's paths (aiplatform.googleapis.com), beside the Gemini API's, under /v1 and /v1beta1:
 *   POST /{v}/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent | :streamGenerateContent
 *   POST /{v}/publishers/google/models/{m}:generateContent | :streamGenerateContent  (express mode)
 *   POST the same two paths with :countTokens
 *   GET  /{v}/publishers/google/models, GET /{v}/publishers/google/models/{m}
 *   POST /token: the OAuth 2.0 token endpoint of service-account keys (token.ts)
 * Anything else under /v1beta1 (batches, files, interactions...) is a 404.
 */
import type { Exchange } from '../server/http-util';
import type { SimulatorState } from '../server/state';
import { authenticateVertex, vertexMethod } from './auth';
import { handleVertexCountTokens } from './count';
import { handleVertexGenerate } from './handler';
import { handleGetPublisherModel, handleListPublisherModels } from './models';
import { handleToken } from './token';

export interface VertexRoute {
	apiVersion?: string;
	model?: string;
	handler: () => void | Promise<void>;
}

const PROJECT_PATH =
	/^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const EXPRESS_PATH =
	/^\/(v1|v1beta1)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const MODELS_PATH = /^\/(v1|v1beta1)\/publishers\/google\/models(?:\/([^/:]+))?$/;

/** The Vertex AI route of this (decoded) path, if it is one. */
export function vertexRoute(
	ex: Exchange,
	state: SimulatorState,
	path: string,
): VertexRoute | undefined {
	const method = ex.req.method;
	if (path === '/token') {
		return method === 'POST' ? { handler: () => handleToken(ex, state) } : undefined;
	}
	const project = PROJECT_PATH.exec(path);
	if (project && method === 'POST') {
		const [, apiVersion, projectId, location, model, action] = project;
		return {
			apiVersion,
			model,
			handler: () => {
				const target = { apiVersion, project: projectId, location, model };
				return action === 'countTokens'
					? handleVertexCountTokens(ex, state, target)
					: handleVertexGenerate(ex, state, target, action === 'streamGenerateContent');
			},
		};
	}
	const express = EXPRESS_PATH.exec(path);
	if (express && method === 'POST') {
		const [, apiVersion, model, action] = express;
		return {
			apiVersion,
			model,
			handler: () =>
				action === 'countTokens'
					? handleVertexCountTokens(ex, state, { apiVersion, model })
					: handleVertexGenerate(
							ex,
							state,
							{ apiVersion, model },
							action === 'streamGenerateContent',
						),
		};
	}
	const models = MODELS_PATH.exec(path);
	if (models && method === 'GET') {
		const [, apiVersion, model] = models;
		const rpc = model ? 'GetPublisherModel' : 'ListPublisherModels';
		return {
			apiVersion,
			model,
			handler: () => {
				// A token of any project may list; express keys are refused here, as live answers are.
				const call = {
					method: vertexMethod(apiVersion, 'ModelGardenService', rpc),
					acceptsKeys: false,
				};
				authenticateVertex(ex, state.vertex, call);
				if (model) handleGetPublisherModel(ex, state, model);
				else handleListPublisherModels(ex, state);
			},
		};
	}
	return undefined;
}
