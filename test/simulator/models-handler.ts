/** GET /{version}/models (paged) and GET /{version}/models/{model}. */
import { badRequest, fieldError, notFound } from './google-errors';
import { sendJson, type Exchange } from './http-util';
import { bareModelId, modelResource, MODELS, servedModel } from './model-table';
import type { SimulatorState } from './state';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

function pageToken(offset: number): string {
	return Buffer.from(`models-offset:${offset}`).toString('base64url');
}

function readPageToken(token: string): number {
	const match = /^models-offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	if (!match) throw badRequest('Invalid page token.');
	return Number(match[1]);
}

export function handleListModels(ex: Exchange, state: SimulatorState): void {
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
	const offset = token ? readPageToken(token) : 0;
	// Google lists no model it has shut down.
	const served = MODELS.filter((model) => !state.retiredModels.has(model.id));
	const page = served.slice(offset, offset + pageSize);
	const body: Record<string, unknown> = { models: page.map(modelResource) };
	if (offset + pageSize < served.length) body.nextPageToken = pageToken(offset + pageSize);
	sendJson(ex, 200, body);
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
