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
import { VERTEX_ROUTES } from '../vertex/routes';

type Handler = (ex: Exchange, state: SimulatorState, match: string[]) => void | Promise<void>;

export interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	/** Matched against the decoded path; group 1 is the API version where there is one. */
	path: RegExp;
	handler: Handler;
	/** The group that names the model, for the request log. */
	model?: number;
	/** False for the upload URL, which carries its own credential, and Vertex AI's paths (vertex/auth.ts). */
	needsKey?: false;
	/** The Interactions API's routes answer errors in its own shape. */
	interactions?: true;
}

const V = '^/(v1beta|v1)';
const api = (method: Route['method'], path: string, handler: Handler, model?: number): Route => ({
	method,
	path: new RegExp(`${V}/${path}$`),
	handler,
	model,
});
const interactions = (method: Route['method'], path: string, handler: Handler): Route => ({
	...api(method, path, handler),
	interactions: true,
});

const ROUTES: Route[] = [
	{
		method: 'POST',
		path: /^\/upload\/(v1beta|v1)\/files$/,
		needsKey: false,
		// The first request of an upload needs the key; its chunks carry the upload id instead.
		handler: (ex, state, [, version]) => {
			const uploadId = ex.url.searchParams.get('upload_id');
			if (uploadId) return handleUploadChunk(ex, state, uploadId);
			checkApiKey(ex, state.apiKey);
			return handleUploadStart(ex, state, version);
		},
	},
	...VERTEX_ROUTES,
	{
		method: 'GET',
		path: /^\/download\/(v1beta|v1)\/files\/([^/:]+):download$/,
		handler: (ex, state, [, , id]) => handleDownloadFile(ex, state, id),
	},
	api('GET', 'models', (ex, state) => handleListModels(ex, state)),
	api('GET', 'models/([^:]+)', (ex, s, [, v, name]) => handleGetModel(ex, s, v, name), 2),
	api(
		'POST',
		'models/(.+):(generateContent|streamGenerateContent)',
		(ex, s, [, v, model, action]) =>
			handleGenerateContent(ex, s, v, model, action === 'streamGenerateContent'),
		2,
	),
	api(
		'POST',
		'models/(.+):batchGenerateContent',
		(ex, s, [, v, model]) => handleCreateBatch(ex, s, v, model),
		2,
	),
	api('GET', 'batches', (ex, state) => handleListBatches(ex, state)),
	api('POST', 'batches/([^/:]+):cancel', (ex, s, [, , id]) => handleCancelBatch(ex, s, id)),
	api('GET', 'batches/([^/:]+)', (ex, s, [, , id]) => handleGetBatch(ex, s, id)),
	api('DELETE', 'batches/([^/:]+)', (ex, s, [, , id]) => handleDeleteBatch(ex, s, id)),
	interactions('POST', 'interactions', (ex, s, [, v]) => handleCreateInteraction(ex, s, v)),
	interactions('POST', 'interactions/([^/:]+)(?::cancel|/cancel)', (ex, s, [, , id]) =>
		handleCancelInteraction(ex, s, id),
	),
	interactions('GET', 'interactions/([^/:]+)', (ex, s, [, , id]) =>
		handleGetInteraction(ex, s, id),
	),
	interactions('DELETE', 'interactions/([^/:]+)', (ex, s, [, , id]) =>
		handleDeleteInteraction(ex, s, id),
	),
	api('GET', 'files', (ex, s, [, v]) => handleListFiles(ex, s, v)),
	api('GET', 'files/([^/:]+):download', (ex, s, [, , id]) => handleDownloadFile(ex, s, id)),
	// A batch's results file is a file too.
	api('GET', 'files/([^/]+)', (ex, s, [, v, id]) => {
		if (!handleGetResultsFile(ex, s, v, id)) handleGetFile(ex, s, v, id);
	}),
	api('DELETE', 'files/([^/]+)', (ex, s, [, , id]) => {
		if (!handleDeleteResultsFile(ex, s, id)) handleDeleteFile(ex, s, id);
	}),
];

function decodePath(path: string): string | undefined {
	try {
		return decodeURIComponent(path);
	} catch {
		return undefined;
	}
}

function findRoute(ex: Exchange): { route: Route; match: string[] } | undefined {
	const path = decodePath(ex.url.pathname);
	if (path === undefined) return undefined;
	for (const route of ROUTES) {
		const match = route.method === ex.req.method ? route.path.exec(path) : null;
		if (match) return { route, match: [...match] };
	}
	return undefined;
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
	const found = findRoute(ex);
	const modelGroup = found?.route.model;
	if (ex.record) {
		ex.record.apiVersion = found?.match[1];
		ex.record.model = modelGroup
			? bareModelId(found.match[modelGroup] ?? '') || undefined
			: undefined;
		ex.record.apiKeySource = apiKeySource(ex).source;
	}
	if (!found && !API_PATH.test(ex.url.pathname)) {
		sendNotFoundPage(ex, ex.url.pathname);
		return;
	}
	if (!found) throw methodNotFound();
	const { route, match } = found;
	if (route.interactions) ex.errorShape = 'interactions';
	if (route.needsKey !== false) checkApiKey(ex, state.apiKey);
	await route.handler(ex, state, match);
}
