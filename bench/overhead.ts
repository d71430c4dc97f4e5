/**
 * Overhead of the node per request over a bare @google/genai call to the same simulator (no
 * added latency), both sequential: the node's real execute() in n8n-core's execution context
 * (filesystem binary mode), against a loop of SDK calls that only decode the image.
 */
import { GoogleGenAI } from '@google/genai';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { runNode } from '../test/harness';
import { startSimulator } from '../test/simulator';

// The built package, as n8n loads it (run `npm run build` first).
const { GeminiImage } = require('../dist/nodes/GeminiImage/GeminiImage.node.js') as {
	GeminiImage: new () => INodeType;
};
const { GeminiImageApi } = require('../dist/credentials/GeminiImageApi.credentials.js') as {
	GeminiImageApi: new () => ICredentialType;
};

export interface OverheadResult {
	requests: number;
	bareMsPerRequest: number;
	nodeMsPerRequest: number;
	overheadMsPerRequest: number;
}

async function bareCalls(url: string, apiKey: string, requests: number): Promise<number> {
	const ai = new GoogleGenAI({
		vertexai: false,
		apiKey,
		httpOptions: { baseUrl: url, apiVersion: 'v1beta' },
	});
	const started = performance.now();
	for (let index = 0; index < requests; index++) {
		const response = await ai.models.generateContent({
			model: 'gemini-nano-banana-2.1',
			contents: [{ role: 'user', parts: [{ text: `bench ${index % 4}` }] }],
			config: { responseModalities: ['TEXT', 'IMAGE'] },
		});
		const part = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData);
		Buffer.from(part?.inlineData?.data ?? '', 'base64');
	}
	return performance.now() - started;
}

async function nodeCalls(url: string, apiKey: string, requests: number): Promise<number> {
	const started = performance.now();
	const result = await runNode({
		nodeType: new GeminiImage(),
		parameters: {
			operation: 'generate',
			model: { __rl: true, mode: 'id', value: 'gemini-nano-banana-2.1' },
			prompt: '={{ $json.prompt }}',
			options: { parallelRequests: 1 },
		},
		credentials: {
			geminiImageApi: {
				type: new GeminiImageApi(),
				data: { apiKey, baseUrl: url, apiVersion: 'v1beta' },
			},
		},
		input: Array.from({ length: requests }, (_, index) => ({
			json: { prompt: `bench ${index % 4}` },
		})),
		binaryMode: 'filesystem',
	});
	if (result.error || result.items.length !== requests) {
		throw new Error(`node run failed: ${result.error?.message ?? `${result.items.length} items`}`);
	}
	return performance.now() - started;
}

export async function measureOverhead(requests = 200, rounds = 3): Promise<OverheadResult> {
	const simulator = await startSimulator();
	try {
		// Warm both paths (SDK load, n8n-core set-up, simulator image cache) before measuring.
		await bareCalls(simulator.url, simulator.apiKey, 8);
		await nodeCalls(simulator.url, simulator.apiKey, 8);
		let bare = Infinity;
		let node = Infinity;
		for (let round = 0; round < rounds; round++) {
			bare = Math.min(bare, await bareCalls(simulator.url, simulator.apiKey, requests));
			simulator.reset();
			node = Math.min(node, await nodeCalls(simulator.url, simulator.apiKey, requests));
			simulator.reset();
		}
		return {
			requests,
			bareMsPerRequest: bare / requests,
			nodeMsPerRequest: node / requests,
			overheadMsPerRequest: (node - bare) / requests,
		};
	} finally {
		await simulator.close();
	}
}
