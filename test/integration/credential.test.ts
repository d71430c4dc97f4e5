import { GoogleGenAI } from '@google/genai';
import type { ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { GeminiImageApi } from '../../credentials/GeminiImageApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import { testCredential } from '../harness';
import { closedPort, useSimulator } from './setup';

const simulator = useSimulator();

const credentialData = (over: Record<string, string> = {}) => ({
	apiKey: simulator().apiKey,
	baseUrl: simulator().url,
	apiVersion: 'v1beta',
	...over,
});

describe('Gemini Image API credential', () => {
	it('is tested by listing models, and counts the image models', async () => {
		const result = await testCredential(new GeminiImageApi(), credentialData(), new GeminiImage());
		expect(result).toMatchObject({
			status: 'OK',
			message: 'Connection successful: 4 image models available.',
		});
		const [request] = simulator().requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/v1beta/models');
		expect(request.apiKeySource).toBe('header');
	});

	it("shows Google's own message for a bad key, and never the key", async () => {
		const secret = 'AIzaSy-wrong-key-for-the-test';
		const result = await testCredential(
			new GeminiImageApi(),
			credentialData({ apiKey: secret }),
			new GeminiImage(),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'API key not valid. Please pass a valid API key [HTTP 400]. Copy the key again from https://aistudio.google.com/apikey.',
		);
		expect(JSON.stringify(result)).not.toContain(secret);
	});

	it('says when the Base URL does not answer', async () => {
		const result = await testCredential(
			new GeminiImageApi(),
			credentialData({ baseUrl: `http://127.0.0.1:${await closedPort()}` }),
			new GeminiImage(),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+\. .*Base URL/,
		);
	});

	it('accepts a Base URL with a trailing slash and honours the API version', async () => {
		const result = await testCredential(
			new GeminiImageApi(),
			credentialData({ baseUrl: `${simulator().url}/`, apiVersion: 'v1' }),
			new GeminiImage(),
		);
		expect(result.status).toBe('OK');
		expect(simulator().requests[0].path).toBe('/v1/models');
	});
});

describe('model list', () => {
	function loadOptionsContext(operation = 'generate'): ILoadOptionsFunctions {
		const node = { name: 'Gemini Image', type: 'n8n-nodes-gemini-image.geminiImage' } as INode;
		return {
			getCredentials: async () => credentialData(),
			getNode: () => node,
			getCurrentNodeParameter: (name: string) => (name === 'operation' ? operation : undefined),
		} as unknown as ILoadOptionsFunctions;
	}

	it('lists only image models that generate content, filterable', async () => {
		const node = new GeminiImage();
		const all = await node.methods.listSearch.searchModels.call(loadOptionsContext());
		const ids = all.results.map((result) => result.value);
		// What Google serves today, nothing marked: the deprecated id still, the shut-down ids not.
		expect([...ids].sort()).toEqual([
			'gemini-3-pro-image',
			'gemini-3.1-flash-image',
			'gemini-3.1-flash-lite-image',
			'gemini-nano-banana-2.1',
		]);
		expect(ids).not.toContain('gemini-2.5-flash');
		expect(ids).not.toContain('imagen-4.0-generate-001');
		const filtered = await node.methods.listSearch.searchModels.call(loadOptionsContext(), 'pro');
		expect(filtered.results.map((result) => result.value)).toEqual(['gemini-3-pro-image']);
	});

	it('sorts by name and, for grounded generation, lists only models that can search', async () => {
		const node = new GeminiImage();
		const all = await node.methods.listSearch.searchModels.call(loadOptionsContext());
		const names = all.results.map((result) => result.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const grounded = await node.methods.listSearch.searchModels.call(
			loadOptionsContext('generateWithSearch'),
		);
		const ids = grounded.results.map((result) => result.value);
		expect(ids).not.toContain('gemini-2.5-flash-image');
		expect(ids).not.toContain('gemini-3.1-flash-lite-image');
		expect(ids).toContain('gemini-3-pro-image');
	});

	it('lists the recent batch jobs by name, state and size, filterable', async () => {
		const node = new GeminiImage();
		const ai = new GoogleGenAI({
			apiKey: simulator().apiKey,
			httpOptions: { baseUrl: simulator().url, apiVersion: 'v1beta' },
		});
		const job = await ai.batches.create({
			model: 'gemini-nano-banana-2.1',
			src: [{ contents: [{ role: 'user', parts: [{ text: 'A plum' }] }] }],
			config: { displayName: 'Plums' },
		});
		const all = await node.methods.listSearch.searchBatches.call(loadOptionsContext());
		expect(all.results).toContainEqual({
			name: `Plums (${job.name}): pending, 1 requests`,
			value: job.name,
		});
		const none = await node.methods.listSearch.searchBatches.call(
			loadOptionsContext(),
			'no such job',
		);
		expect(none.results).toEqual([]);
	});
});
