/** Maps a request path to the handler that answers it, or undefined for Google's 404. */
import { apiKeySource, checkApiKey } from './auth';
import {
	handleDeleteResultsFile,
	handleDownloadFile,
	handleGetResultsFile,
} from '../batches/files';
import {
	handleCancelBatch,
	handleCreateBatch,
	handleDeleteBatch,
	handleGetBatch,
	handleListBatches,
} from '../batches/handler';
import { handleControl } from '../control/handler';
import {
	handleDeleteFile,
	handleGetFile,
	handleListFiles,
	handleUploadChunk,
	handleUploadStart,
} from '../files/handler';
import { handleGenerateContent } from '../generate/handler';
import {
	handleCancelInteraction,
	handleCreateInteraction,
	handleDeleteInteraction,
	handleGetInteraction,
} from '../interactions/handler';
import { methodNotFound } from './google-errors';
import type { Exchange } from './http-util';
import { bareModelId } from '../models/table';
import { handleGetModel, handleListModels } from '../models/handler';
import type { SimulatorState } from './state';
import { handleVertexControl } from '../vertex/control';
import { vertexRoute } from '../vertex/routes';

type Handler = () => void | Promise<void>;

interface Route {
	apiVersion?: string;
	model?: string;
	/** False for the upload URL, which carries its own credential, and Vertex AI's paths (vertex/auth.ts). */
	needsKey: boolean;
	/** The Interactions API's routes answer errors in its own shape. */
	interactions?: boolean;
	handler: Handler;
}

function decodePath(path: string): string | undefined {
	try {
		return decodeURIComponent(path);
	} catch {
		return undefined;
	}
}

/**
 * Routes under /{version}/: models, models/{m}[:method], interactions[/{id}[:cancel]],
 * batches[/{id}[:cancel]], files[/{id}[:download]].
 */
function apiRoute(
	ex: Exchange,
	state: SimulatorState,
	version: string,
	resource: string,
): Route | undefined {
	const method = ex.req.method;
	const route = (handler: Handler, model?: string): Route => ({
		apiVersion: version,
		model,
		needsKey: true,
		handler,
	});
	if (resource === 'models')
		return method === 'GET' ? route(() => handleListModels(ex, state)) : undefined;
	if (resource.startsWith('models/')) {
		const name = resource.slice('models/'.length);
		const colon = name.lastIndexOf(':');
		if (colon < 0)
			return method === 'GET'
				? route(() => handleGetModel(ex, state, version, name), bareModelId(name))
				: undefined;
		const model = name.slice(0, colon);
		const action = name.slice(colon + 1);
		if (method !== 'POST') return undefined;
		if (action === 'generateContent' || action === 'streamGenerateContent') {
			const stream = action === 'streamGenerateContent';
			return route(
				() => handleGenerateContent(ex, state, version, model, stream),
				bareModelId(model),
			);
		}
		if (action === 'batchGenerateContent') {
			return route(() => handleCreateBatch(ex, state, version, model), bareModelId(model));
		}
		return undefined;
	}
	if (resource === 'batches')
		return method === 'GET' ? route(() => handleListBatches(ex, state)) : undefined;
	const batch = /^batches\/([^/:]+)(:cancel)?$/.exec(resource);
	if (batch) {
		const id = batch[1];
		if (batch[2])
			return method === 'POST' ? route(() => handleCancelBatch(ex, state, id)) : undefined;
		if (method === 'GET') return route(() => handleGetBatch(ex, state, id));
		if (method === 'DELETE') return route(() => handleDeleteBatch(ex, state, id));
		return undefined;
	}
	const interactions = (handler: Handler): Route => ({ ...route(handler), interactions: true });
	if (resource === 'interactions') {
		return method === 'POST'
			? interactions(() => handleCreateInteraction(ex, state, version))
			: undefined;
	}
	const interaction = /^interactions\/([^/:]+)(:cancel|\/cancel)?$/.exec(resource);
	if (interaction) {
		const id = interaction[1];
		if (interaction[2]) {
			return method === 'POST'
				? interactions(() => handleCancelInteraction(ex, state, id))
				: undefined;
		}
		if (method === 'GET') return interactions(() => handleGetInteraction(ex, state, id));
		if (method === 'DELETE') return interactions(() => handleDeleteInteraction(ex, state, id));
		return undefined;
	}
	if (resource === 'files')
		return method === 'GET' ? route(() => handleListFiles(ex, state, version)) : undefined;
	const download = /^files\/([^/:]+):download$/.exec(resource);
	if (download && method === 'GET') return route(() => handleDownloadFile(ex, state, download[1]));
	const file = /^files\/([^/]+)$/.exec(resource);
	if (file && method === 'GET') {
		return route(() => {
			if (!handleGetResultsFile(ex, state, version, file[1]))
				handleGetFile(ex, state, version, file[1]);
		});
	}
	if (file && method === 'DELETE') {
		return route(() => {
			if (!handleDeleteResultsFile(ex, state, file[1])) handleDeleteFile(ex, state, file[1]);
		});
	}
	return undefined;
}

export function findRoute(ex: Exchange, state: SimulatorState): Route | undefined {
	const path = decodePath(ex.url.pathname);
	if (path === undefined) return undefined;
	const upload = /^\/upload\/(v1beta|v1)\/files$/.exec(path);
	if (upload && ex.req.method === 'POST') {
		const uploadId = ex.url.searchParams.get('upload_id');
		if (uploadId) {
			return {
				apiVersion: upload[1],
				needsKey: false,
				handler: () => handleUploadChunk(ex, state, uploadId),
			};
		}
		return {
			apiVersion: upload[1],
			needsKey: true,
			handler: () => handleUploadStart(ex, state, upload[1]),
		};
	}
	const vertex = vertexRoute(ex, state, path);
	if (vertex) return { ...vertex, needsKey: false };
	const download = /^\/download\/(v1beta|v1)\/files\/([^/:]+):download$/.exec(path);
	if (download && ex.req.method === 'GET') {
		const id = download[2];
		return {
			apiVersion: download[1],
			needsKey: true,
			handler: () => handleDownloadFile(ex, state, id),
		};
	}
	const api = /^\/(v1beta|v1)\/(.+)$/.exec(path);
	return api ? apiRoute(ex, state, api[1], api[2]) : undefined;
}

/** The API versions served (v1beta1: Vertex AI's); any other first path segment never reaches the API. */
const API_PATH = /^\/(?:upload\/|download\/)?(v1beta1|v1beta|v1)\//;

const NOT_FOUND_STYLE =
	'*{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}html{background:#fff;color:#222;padding:15px}body{margin:7% auto 0;max-width:390px;min-height:180px;padding:30px 0 15px}p{margin:11px 0 22px;overflow:hidden}ins{color:#777;text-decoration:none}';

/**
 * Google's front end answers a path outside the API versions (/v2/models, /nothing) itself, with
 * its HTML error page and not the API's JSON: a client has to cope with a 404 it cannot parse.
 */
export function notFoundPage(path: string): string {
	return `<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">
  <title>Error 404 (Not Found)!!1</title>
  <style>
    ${NOT_FOUND_STYLE}
  </style>
  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>
  <p><b>404.</b> <ins>That’s an error.</ins>
  <p>The requested URL <code>${escapeHtml(path)}</code> was not found on this server.  <ins>That’s all we know.</ins>
`;
}

function sendNotFoundPage(ex: Exchange, path: string): void {
	if (ex.signal.aborted || ex.res.headersSent) return;
	const page = notFoundPage(path);
	ex.res.writeHead(404, {
		'content-type': 'text/html; charset=UTF-8',
		'content-length': String(Buffer.byteLength(page)),
	});
	ex.res.end(page);
	if (ex.record) ex.record.status = 404;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Runs the routed handler after the key check. An unknown path under an API version gets the
 * API's "Method not found."; any other path, the front end's HTML 404 page.
 */
export async function dispatch(
	ex: Exchange,
	state: SimulatorState,
	resetState: () => void,
): Promise<void> {
	if (
		ex.url.pathname === '/__simulator/vertex' ||
		ex.url.pathname.startsWith('/__simulator/vertex/')
	) {
		await handleVertexControl(ex, state);
		return;
	}
	if (ex.url.pathname.startsWith('/__simulator/')) {
		await handleControl(ex, state, resetState);
		return;
	}
	const route = findRoute(ex, state);
	if (ex.record) {
		ex.record.apiVersion = route?.apiVersion;
		ex.record.model = route?.model;
		ex.record.apiKeySource = apiKeySource(ex).source;
	}
	if (!route && !API_PATH.test(ex.url.pathname)) {
		sendNotFoundPage(ex, ex.url.pathname);
		return;
	}
	if (!route) throw methodNotFound();
	if (route.interactions) ex.errorShape = 'interactions';
	if (route.needsKey) checkApiKey(ex, state.apiKey);
	await route.handler();
}
