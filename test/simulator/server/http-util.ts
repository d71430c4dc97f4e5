/** Small HTTP plumbing: bounded body reading, Google-style JSON answers, cancellable waits. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GoogleApiError } from './google-errors';
import { interactionErrorBody } from '../interactions/errors';
import type { RecordedRequest } from '../types';

export const JSON_TYPE = 'application/json; charset=UTF-8';

/** One request being answered; `record` is absent for the simulator's own control paths. */
export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	record?: RecordedRequest;
	/** Aborted when the client goes away or the simulator closes. */
	signal: AbortSignal;
	/** http://host:port as the client addressed us, for URLs we hand back. */
	origin: string;
	/** Closes the connection without an answer (not counted as the client aborting). */
	drop(): void;
	/** 'interactions' on the Interactions API's routes: errors in its shape ({message, code}). */
	errorShape?: 'interactions';
}

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads the body into one buffer, sized from Content-Length when given, so a 100 MB upload is held
 * once rather than as chunks plus a concatenated copy. Past `limit` the rest is drained unkept.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		let tooLarge = Number.isFinite(declared) && declared > limit;
		let buffer = Buffer.alloc(!tooLarge && declared > 0 ? declared : 0);
		let length = 0;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			if (length + chunk.length > limit) {
				tooLarge = true;
				buffer = Buffer.alloc(0);
				return;
			}
			if (length + chunk.length > buffer.length) {
				const grown = Buffer.alloc(
					Math.min(limit, Math.max(buffer.length * 2, length + chunk.length)),
				);
				buffer.copy(grown, 0, 0, length);
				buffer = grown;
			}
			chunk.copy(buffer, length);
			length += chunk.length;
		});
		req.on('end', () =>
			resolve(
				tooLarge ? { ok: false, tooLarge: true } : { ok: true, bytes: buffer.subarray(0, length) },
			),
		);
		req.on('error', reject);
		// A client that hangs up mid-body would otherwise leave this promise pending forever.
		req.on('close', () => {
			if (!req.readableEnded) reject(new Error('The client closed the connection.'));
		});
	});
}

export function sendJson(
	ex: Exchange,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (ex.signal.aborted || ex.res.headersSent) return;
	const text = body === undefined ? '' : JSON.stringify(body, null, 2);
	ex.res.writeHead(status, {
		'content-type': JSON_TYPE,
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	ex.res.end(text);
	if (ex.record) ex.record.status = status;
}

export function sendError(ex: Exchange, error: GoogleApiError): void {
	const body = ex.errorShape === 'interactions' ? interactionErrorBody(error) : error.toBody();
	sendJson(ex, error.code, body);
}

/** Resolves after ms, or early (with false) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	if (ms <= 0) return Promise.resolve(!signal.aborted);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			resolve(false);
		};
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
