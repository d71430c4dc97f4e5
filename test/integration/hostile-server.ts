import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a hostile server saw of one request. */
export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	bodyBytes: number;
}

export interface HostileServer {
	url: string;
	requests: SeenRequest[];
	close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 that answers as the handler says: a redirect, a stall, a flood, a lie.
 * It records every request it received, body size included, before the handler runs.
 */
export async function startHostileServer(
	handler: (request: SeenRequest, response: ServerResponse) => void,
): Promise<HostileServer> {
	const requests: SeenRequest[] = [];
	const server = createServer((req, res) => {
		let bodyBytes = 0;
		req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
		req.on('end', () => {
			const seen = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				bodyBytes,
			};
			requests.push(seen);
			handler(seen, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** A generateContent answer whose image part holds `data` (base64) as `mimeType`. */
export function answerWithImage(data: string, mimeType = 'image/png') {
	return {
		candidates: [
			{
				content: {
					role: 'model',
					parts: [{ text: 'Here it is' }, { inlineData: { mimeType, data } }],
				},
				finishReason: 'STOP',
			},
		],
		usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1290, totalTokenCount: 1295 },
		modelVersion: 'gemini-3-pro-image',
	};
}
