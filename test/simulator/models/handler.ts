/** GET /{version}/models (paged) and GET /{version}/models/{model}. */
import { badRequest, fieldError, notFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { bareModelId, modelResource, MODELS, servedModel, type ModelSpec } from './table';
import type { SimulatorState } from '../server/state';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * The page of served models a list call asks for (pageSize, pageToken; Google lists no model it
 * has shut down), and the token of the next page. `kind` keeps each list's tokens its own.
 */
export function servedModelPage(
	ex: Exchange,
	state: SimulatorState,
	kind: string,
): { page: ModelSpec[]; nextPageToken?: string } {
	const sizeText = ex.url.searchParams.get('pageSize') ?? ex.url.searchParams.get('page_size');
	let pageSize = DEFAULT_PAGE_SIZE;
	if (sizeText !== null) {
		pageSize = Number(sizeText);
		if (!Number.isInteger(pageSize) || pageSize < 0) {
			throw fieldError('page_size', `Invalid value at 'page_size' (TYPE_INT32), "${sizeText}"`);
		}
		pageSize = Math.min(pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
	}
	const token = ex.url.searchParams.get('pageToken') ?? ex.url.searchParams.get('page_token');
	let offset = 0;
	if (token) {
		const text = Buffer.from(token, 'base64url').toString('utf8');
		const match = new RegExp(`^${kind}-offset:(\\d+)$`).exec(text);
		if (!match) throw badRequest('Invalid page token.');
		offset = Number(match[1]);
	}
	const served = MODELS.filter((model) => !state.retiredModels.has(model.id));
	const next = offset + pageSize;
	return {
		page: served.slice(offset, next),
		...(next < served.length
			? { nextPageToken: Buffer.from(`${kind}-offset:${next}`).toString('base64url') }
			: {}),
	};
}

export function handleListModels(ex: Exchange, state: SimulatorState): void {
	const { page, nextPageToken } = servedModelPage(ex, state, 'models');
	sendJson(ex, 200, {
		models: page.map(modelResource),
		...(nextPageToken ? { nextPageToken } : {}),
	});
}

export function handleGetModel(
	ex: Exchange,
	state: SimulatorState,
	apiVersion: string,
	modelName: string,
): void {
	const model = servedModel(modelName, state.retiredModels);
	if (!model) {
		throw notFound(
			`models/${bareModelId(modelName)} is not found for API version ${apiVersion}, or is not supported for getModel. Call ListModels to see the list of available models and their supported methods.`,
		);
	}
	sendJson(ex, 200, modelResource(model));
}
