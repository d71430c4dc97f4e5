import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { EndpointError } from '../../../../nodes/GeminiImage/gemini/connection/endpointError';
import {
	guardedFetch,
	MAX_ERROR_BODY_BYTES,
} from '../../../../nodes/GeminiImage/gemini/connection/guardedFetch';

let url = '';
let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end();
let received = 0;
const server = createServer((_req, res) => {
	received++;
	answer(res);
});
beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
	server.closeAllConnections();
	server.close();
});
beforeEach(() => (received = 0));

const guard = (over = {}) => ({ origin: new URL(url).origin, maxResponseBytes: 1000, ...over });

describe('guardedFetch', () => {
	it('sends nothing to another origin', async () => {
		await expect(
			guardedFetch(guard({ origin: 'http://127.0.0.1:1' }))(`${url}/v1beta/models`),
		).rejects.toThrow(EndpointError);
		expect(received).toBe(0);
	});

	it('refuses a redirect instead of following it, naming where it pointed', async () => {
		answer = (res) => {
			res.writeHead(301, { location: 'https://user:pw@elsewhere.example/path?key=AIza123' });
			res.end();
		};
		await expect(guardedFetch(guard())(`${url}/v1beta/models`)).rejects.toThrow(
			'the endpoint answered HTTP 301 with a redirect to https://elsewhere.example/path; redirects are not followed',
		);
	});

	it('reads a successful body once and hands the SDK the parsed JSON', async () => {
		answer = (res) => res.end('{"models":[{"name":"models/x"}]}');
		const seen: unknown[] = [];
		const response = await guardedFetch(guard(), (body) => seen.push(body))(`${url}/v1beta/models`);
		const body = await response.json();
		expect(body).toEqual({ models: [{ name: 'models/x' }] });
		// The same object, not a second parse.
		expect(seen[0]).toBe(body);
	});

	it('refuses a body past the bound, declared or streamed', async () => {
		answer = (res) => res.end('x'.repeat(1001));
		await expect(guardedFetch(guard())(`${url}/`)).rejects.toThrow(
			'the answer is larger than 1 KB, the most the node reads',
		);
		answer = (res) => {
			res.writeHead(200, { 'transfer-encoding': 'chunked' });
			for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
			res.end();
		};
		await expect(guardedFetch(guard())(`${url}/`)).rejects.toThrow(EndpointError);
	});

	it('cuts an error body to its bound, keeping the status, as text', async () => {
		answer = (res) => {
			res.writeHead(503, 'Service Unavailable', { 'content-type': 'application/json' });
			res.end(`{"error":{"message":"${'z'.repeat(MAX_ERROR_BODY_BYTES * 2)}"}}`);
		};
		const response = await guardedFetch(guard())(`${url}/`);
		expect(response.status).toBe(503);
		expect(response.statusText).toBe('Service Unavailable');
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect((await response.text()).length).toBe(MAX_ERROR_BODY_BYTES + 1);
	});

	it('stops a request in flight when the execution stops', async () => {
		answer = () => undefined; // never answers
		const stop = new AbortController();
		const pending = guardedFetch(guard({ stop: stop.signal }))(`${url}/stall`);
		setTimeout(() => stop.abort(), 50);
		await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
	});
});
