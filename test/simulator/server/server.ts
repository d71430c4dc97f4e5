/**
 * A local stand-in for generativelanguage.googleapis.com: real HTTP on 127.0.0.1, Google's paths,
 * bodies, errors and image bytes, so the package's real client code runs without a network.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleApiError, internalError } from './google-errors';
import { sendError, type Exchange } from './http-util';
import {
	DEFAULT_BATCH_INLINE_GET_LIMIT_BYTES,
	DEFAULT_BATCH_PENDING_MS,
	DEFAULT_BATCH_RUN_MS,
} from '../batches/store';
import { DEFAULT_BACKGROUND_MS } from '../interactions/background';
import { DEFAULT_INTERACTION_RETENTION_MS } from '../interactions/store';
import { GOOGLE_RETIRED_MODELS } from '../models/table';
import { dispatch } from './routes';
import { LIVE_IMAGE_SIGNATURE_BYTES } from '../generate/signatures';
import { createState, type SimulatorState } from './state';
import type { RecordedRequest, Simulator, SimulatorOptions } from '../types';
import { shareUndiciDispatcher } from './undici-dispatcher';
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from '../vertex/store';

/** A bearer token is kept out of the record; the scheme stays, so tests see what was sent. */
function recordedHeaders(req: IncomingMessage): RecordedRequest['headers'] {
	const headers = { ...req.headers };
	if (headers.authorization !== undefined) {
		headers.authorization = headers.authorization.replace(/^(\S+\s+).+$/, '$1[redacted]');
	}
	return headers;
}

function recordFor(req: IncomingMessage, url: URL): RecordedRequest {
	return {
		method: req.method ?? 'GET',
		path: url.pathname,
		headers: recordedHeaders(req),
		query: Object.fromEntries(url.searchParams),
		body: undefined,
		bodyBytes: 0,
		status: 0,
		receivedAt: Date.now(),
		apiKeySource: 'none',
	};
}

async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	state: SimulatorState,
	closing: AbortSignal,
	resetState: () => void,
): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://simulator.invalid');
	const isControl = url.pathname.startsWith('/__simulator/');
	const record = isControl ? undefined : recordFor(req, url);
	if (record) state.requests.push(record);

	const controller = new AbortController();
	let droppedByUs = false;
	const abort = (): void => {
		droppedByUs = true;
		controller.abort();
	};
	closing.addEventListener('abort', abort, { once: true });
	res.on('close', () => {
		closing.removeEventListener('abort', abort);
		if (!res.writableFinished) {
			if (record && !res.headersSent && !droppedByUs) record.clientAborted = true;
			controller.abort();
		}
	});
	const ex: Exchange = {
		req,
		res,
		url,
		record,
		signal: controller.signal,
		origin: `http://${req.headers.host ?? 'localhost'}`,
		drop: () => {
			droppedByUs = true;
			req.socket.destroy();
		},
	};
	try {
		await dispatch(ex, state, resetState);
	} catch (error) {
		if (error instanceof GoogleApiError) {
			sendError(ex, error);
		} else if (!ex.signal.aborted) {
			console.error('Gemini API simulator: unexpected error', error);
			sendError(ex, internalError());
		}
	}
	// Handlers that answer early leave the body unread; drain it so the connection can be reused.
	if (!req.readableEnded) req.resume();
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	// Tests that start a simulator talk to it through @google/genai, which under Jest needs this.
	shareUndiciDispatcher();
	const apiKey = options.apiKey ?? 'simulator-key';
	const host = options.host ?? '127.0.0.1';
	const state = createState({
		apiKey,
		latencyMs: options.latencyMs ?? 0,
		retiredModels: options.retiredModels ?? GOOGLE_RETIRED_MODELS,
		imageSignatureBytes: options.signatureBytes ?? LIVE_IMAGE_SIGNATURE_BYTES,
		interactionRetentionMs: options.interactionRetentionMs ?? DEFAULT_INTERACTION_RETENTION_MS,
		backgroundMs: options.interactionBackgroundMs ?? DEFAULT_BACKGROUND_MS,
		batchPendingMs: options.batchPendingMs ?? DEFAULT_BATCH_PENDING_MS,
		batchRunMs: options.batchRunMs ?? DEFAULT_BATCH_RUN_MS,
		batchInlineGetLimitBytes:
			options.batchInlineGetLimitBytes ?? DEFAULT_BATCH_INLINE_GET_LIMIT_BYTES,
		quota: options.quota,
		vertexTokenLifetimeSeconds:
			options.vertexTokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
		vertexExpressKeys: options.vertexExpressKeys,
	});
	const closing = new AbortController();
	// Every request in flight listens for the server closing: there can be hundreds at once.
	setMaxListeners(0, closing.signal);
	const resetState = (): void => {
		state.requests.length = 0;
		state.failCounters.clear();
		state.quota.resetCounts();
	};
	const server = createServer((req, res) => {
		void answer(req, res, state, closing.signal, resetState);
	});
	// Google's front end keeps idle connections open for minutes; Node's 5 s default races clients
	// that reuse a connection just as the server drops it (ECONNRESET on a slow test).
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	return {
		url: `http://${urlHost}:${port}`,
		apiKey,
		requests: state.requests,
		reset: resetState,
		close: () =>
			new Promise<void>((resolve, reject) => {
				closing.abort();
				state.interactions.stop();
				state.batches.stop();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
