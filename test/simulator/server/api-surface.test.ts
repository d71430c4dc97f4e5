import { startSimulator } from './server';
import { client, generate, get, post, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ apiKey: 'the-right-key', retiredModels: [] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const GENERATE = '/v1beta/models/gemini-2.5-flash-image:generateContent';

describe('API key', () => {
	it('answers 403 PERMISSION_DENIED without a key', async () => {
		const answer = await post(sim, GENERATE, prompt('x'), null);
		expect(answer.status).toBe(403);
		expect(answer.body.error).toEqual({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: expect.stringContaining("Method doesn't allow unregistered callers"),
		});
	});

	it('answers 400 API_KEY_INVALID for a wrong key and never echoes it', async () => {
		const answer = await post(sim, GENERATE, prompt('x'), 'wrong-key-123');
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe('API key not valid. Please pass a valid API key.');
		expect(answer.body.error.details[0]).toMatchObject({
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'API_KEY_INVALID',
			domain: 'googleapis.com',
			metadata: { service: 'generativelanguage.googleapis.com' },
		});
		expect(JSON.stringify(answer.body)).not.toContain('wrong-key-123');
	});

	it('accepts ?key= like Google, and records where the key came from', async () => {
		const response = await fetch(`${sim.url}${GENERATE}?key=the-right-key`, {
			method: 'POST',
			body: JSON.stringify(prompt('x')),
		});
		expect(response.status).toBe(200);
		await post(sim, GENERATE, prompt('y'));
		expect(sim.requests.map((r) => r.apiKeySource)).toEqual(['query', 'header']);
	});

	it('checks the key on model listing and files too', async () => {
		expect((await get(sim, '/v1beta/models', null)).status).toBe(403);
		expect((await get(sim, '/v1beta/files/abc', 'nope')).status).toBe(400);
		expect((await post(sim, '/upload/v1beta/files', {}, null)).status).toBe(403);
	});

	it('is what the SDK sends', async () => {
		await new (await import('@google/genai')).GoogleGenAI({
			apiKey: 'the-right-key',
			httpOptions: { baseUrl: sim.url, apiVersion: 'v1beta' },
		}).models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'x' });
		expect(sim.requests[0]).toMatchObject({ apiKeySource: 'header', status: 200 });
		expect(sim.requests[0].headers['x-goog-api-key']).toBe('the-right-key');
	});
});

describe('routing and malformed requests', () => {
	it('answers Google’s 404 for unknown paths and methods under an API version', async () => {
		for (const answer of [
			await get(sim, '/v1beta/nothing-here'),
			await get(sim, GENERATE),
			await post(sim, '/v1beta/models/gemini-2.5-flash-image:embedContent', {}),
		]) {
			expect(answer.status).toBe(404);
			expect(answer.body).toEqual({
				error: { code: 404, message: 'Method not found.', status: 'NOT_FOUND' },
			});
			expect(answer.headers.get('content-type')).toBe('application/json; charset=UTF-8');
		}
	});

	it.each([
		['GET', '/v2/models'],
		['POST', '/v1alpha/models/gemini-2.5-flash-image:generateContent'],
		['GET', '/nothing-here'],
	])('answers %s %s with the front end’s HTML 404 page, as Google does', async (method, path) => {
		const response = await fetch(`${sim.url}${path}`, {
			method,
			headers: { 'x-goog-api-key': sim.apiKey, 'content-type': 'application/json' },
			body: method === 'POST' ? JSON.stringify(prompt('x')) : undefined,
		});
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
		const page = await response.text();
		expect(page).toMatch(/^<!DOCTYPE html>\n<html lang=en>/);
		expect(page).toContain('<title>Error 404 (Not Found)!!1</title>');
		expect(page).toContain(
			`<p>The requested URL <code>${path}</code> was not found on this server.  <ins>That’s all we know.</ins>`,
		);
		expect(() => JSON.parse(page)).toThrow(SyntaxError);
		expect(sim.requests.at(-1)).toMatchObject({ path, status: 404 });
	});

	it('answers 404 NOT_FOUND for an unknown model, naming the API version', async () => {
		const answer = await post(sim, '/v1/models/gemini-9-ultra-image:generateContent', prompt('x'));
		expect(answer.status).toBe(404);
		expect(answer.body.error).toMatchObject({
			status: 'NOT_FOUND',
			message:
				'models/gemini-9-ultra-image is not found for API version v1, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
		});
		const embedding = await post(
			sim,
			'/v1beta/models/text-embedding-004:generateContent',
			prompt('x'),
		);
		expect(embedding.status).toBe(404);
	});

	it('takes the model as x, models/x and url-encoded models%2Fx', async () => {
		for (const path of [
			'/v1beta/models/gemini-2.5-flash-image:generateContent',
			'/v1beta/models/models/gemini-2.5-flash-image:generateContent',
			'/v1beta/models/models%2Fgemini-2.5-flash-image:generateContent',
		]) {
			expect((await post(sim, path, prompt('x'))).status).toBe(200);
		}
		expect(sim.requests.map((r) => r.model)).toEqual(Array(3).fill('gemini-2.5-flash-image'));
	});

	it('answers 400 for malformed JSON', async () => {
		const answer = await post(sim, GENERATE, '{"contents": [');
		expect(answer.status).toBe(400);
		expect(answer.body.error.status).toBe('INVALID_ARGUMENT');
		expect(answer.body.error.message).toMatch(/^Invalid JSON payload received\. /);
		expect(answer.body.error.details[0]['@type']).toBe('type.googleapis.com/google.rpc.BadRequest');
	});

	it('answers 400 for a body over 100 MB', async () => {
		const big = Buffer.alloc(104857600 + 10, 0x20);
		const answer = await post(sim, GENERATE, big.toString());
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			'Request payload size exceeds the limit: 104857600 bytes.',
		);
	});
});

describe('model listing', () => {
	it('pages through every model with the SDK', async () => {
		const pager = await client(sim).models.list({ config: { pageSize: 3 } });
		const models = [];
		for await (const model of pager) models.push(model);
		expect(models.map((m) => m.name)).toEqual(
			expect.arrayContaining([
				'models/gemini-2.5-flash-image',
				'models/gemini-3-pro-image-preview',
				'models/gemini-3-pro-image',
				'models/gemini-3.1-flash-image',
				'models/gemini-3.1-flash-lite-image',
				'models/gemini-nano-banana-2.1',
				'models/gemini-2.5-flash',
				'models/text-embedding-004',
			]),
		);
		const listCalls = sim.requests.filter((r) => r.path === '/v1beta/models');
		expect(listCalls.length).toBe(Math.ceil(models.length / 3));
		expect(listCalls[1].query.pageToken).toEqual(expect.any(String));
		const embedding = models.find((m) => m.name === 'models/text-embedding-004');
		expect(embedding?.supportedActions).toEqual(['embedContent']);
	});

	it('answers Google’s list shape', async () => {
		const first = await get(sim, '/v1beta/models?pageSize=2');
		expect(first.body.models).toHaveLength(2);
		expect(first.body.nextPageToken).toEqual(expect.any(String));
		const image = (await get(sim, '/v1beta/models?pageSize=1000')).body.models.find(
			(m: { name: string }) => m.name === 'models/gemini-2.5-flash-image',
		);
		expect(image).toMatchObject({
			name: 'models/gemini-2.5-flash-image',
			displayName: expect.any(String),
			description: expect.any(String),
			version: expect.any(String),
			inputTokenLimit: expect.any(Number),
			outputTokenLimit: expect.any(Number),
			supportedGenerationMethods: ['generateContent', 'countTokens'],
		});
		expect((await get(sim, '/v1beta/models?pageToken=garbage')).status).toBe(400);
	});

	it('gets one model, or 404', async () => {
		const model = await client(sim).models.get({ model: 'gemini-3-pro-image' });
		expect(model.displayName).toBe('Nano Banana Pro');
		expect((await get(sim, '/v1beta/models/gemini-0-image')).status).toBe(404);
	});
});

describe('control paths', () => {
	it('lists recorded requests with the key redacted, and clears them', async () => {
		await generate(sim, 'gemini-2.5-flash-image', prompt('recorded'));
		await fetch(`${sim.url}${GENERATE}?key=the-right-key`, {
			method: 'POST',
			body: JSON.stringify(prompt('q')),
		});
		const listing = await (await fetch(`${sim.url}/__simulator/requests`)).text();
		expect(listing).not.toContain('the-right-key');
		const records = JSON.parse(listing);
		expect(records).toHaveLength(2);
		expect(records[0]).toMatchObject({
			method: 'POST',
			path: GENERATE,
			apiVersion: 'v1beta',
			model: 'gemini-2.5-flash-image',
			status: 200,
			headers: { 'x-goog-api-key': '[redacted]' },
			body: prompt('recorded'),
		});
		expect(records[1].query.key).toBe('[redacted]');
		expect(sim.requests[0].headers['x-goog-api-key']).toBe('the-right-key');

		expect((await fetch(`${sim.url}/__simulator/requests`, { method: 'DELETE' })).status).toBe(204);
		expect(sim.requests).toHaveLength(0);
		expect(await (await fetch(`${sim.url}/__simulator/requests`)).json()).toEqual([]);
	});

	it('shortens image data on request', async () => {
		const answer = await generate(sim, 'gemini-2.5-flash-image', prompt('first'));
		await generate(sim, 'gemini-2.5-flash-image', {
			contents: [
				prompt('first').contents,
				answer.body.candidates[0].content,
				{ role: 'user', parts: [{ text: 'again' }] },
			].flat(),
		});
		const records = (await get(sim, '/__simulator/requests?omitData=1', null)).body;
		expect(records[1].body.contents[1].parts[1].inlineData.data).toMatch(
			/^\[\d+ base64 characters\]$/,
		);
		expect((await fetch(`${sim.url}/__simulator/health`)).status).toBe(200);
	});
});
