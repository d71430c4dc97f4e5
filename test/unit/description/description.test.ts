import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { GeminiImageApi } from '../../../credentials/GeminiImageApi.credentials';
import { GeminiImageVertexApi } from '../../../credentials/GeminiImageVertexApi.credentials';
import { GeminiImage } from '../../../nodes/GeminiImage/GeminiImage.node';
import {
	MAX_RETRIES,
	MAX_RETRY_WAIT_SECONDS,
	NUMBER_OF_IMAGES,
	PARALLEL_REQUESTS,
	TIMEOUT_SECONDS,
} from '../../../nodes/GeminiImage/n8n/limits';
import { ALL_OPERATIONS, OPERATIONS } from '../../../nodes/GeminiImage/operations';

describe('node description', () => {
	const description = new GeminiImage().description;

	it('names every operation in the canvas subtitle by its display name', () => {
		const mapping = JSON.parse(
			/=\{\{ (\{.*\})\[\$parameter/.exec(String(description.subtitle))?.[1] ?? '{}',
		);
		expect(mapping).toEqual(Object.fromEntries(ALL_OPERATIONS.map((o) => [o.value, o.name])));
	});

	it('is listed in the node panel as a root node, not hidden as an AI sub-node', () => {
		const codex = JSON.parse(
			readFileSync(join(__dirname, '../../../nodes/GeminiImage/GeminiImage.node.json'), 'utf8'),
		) as { node: string; categories: string[]; subcategories?: Record<string, string[]> };
		expect(codex.node).toBe('n8n-nodes-gemini-image.geminiImage');
		expect(codex.categories).toEqual(['AI', 'Marketing']);
		// n8n's node search drops AI-category nodes whose AI subcategories lack "Root Nodes".
		expect(codex.subcategories?.AI).toContain('Root Nodes');
	});

	it("opens the repository's README from the node's Docs link", () => {
		const codex = JSON.parse(
			readFileSync(join(__dirname, '../../../nodes/GeminiImage/GeminiImage.node.json'), 'utf8'),
		) as { resources: { primaryDocumentation: Array<{ url: string }> } };
		const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
			homepage: string;
		};
		expect(codex.resources.primaryDocumentation.map((d) => d.url)).toEqual([
			`${pkg.homepage}#readme`,
		]);
	});

	it('offers no "Custom API Call" operation that would run nothing', () => {
		const operations = description.properties.filter((p) => p.name === 'operation');
		expect(operations.map((p) => p.displayOptions?.show?.resource)).toEqual([['image'], ['batch']]);
		expect(
			operations.flatMap((p) => p.options ?? []).map((o) => ('value' in o ? o.value : undefined)),
		).toEqual(ALL_OPERATIONS.map((o) => o.value));
		// n8n adds "Custom API Call" to nodes whose credential can authenticate generic requests.
		expect((new GeminiImageApi() as { authenticate?: unknown }).authenticate).toBeUndefined();
		expect((new GeminiImageVertexApi() as { authenticate?: unknown }).authenticate).toBeUndefined();
		expect(description.credentials).toEqual([
			{
				name: 'geminiImageApi',
				required: true,
				testedBy: 'geminiImageApiTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'geminiImageVertexApi',
				required: true,
				testedBy: 'geminiImageVertexTest',
				displayOptions: { show: { authentication: ['vertexAi'] } },
			},
		]);
		// Saved workflows have no Authentication: they keep the Gemini API credential.
		expect(description.properties.find((p) => p.name === 'authentication')?.default).toBe('apiKey');
	});

	it('shows the bounds the run applies to every numeric option', () => {
		const options = description.properties.find((p) => p.name === 'options')?.options ?? [];
		const option = (name: string) =>
			options.find((o) => 'name' in o && o.name === name) as
				{ default: unknown; typeOptions?: { minValue?: number; maxValue?: number } } | undefined;
		for (const [name, bounds] of [
			['numberOfImages', NUMBER_OF_IMAGES],
			['parallelRequests', PARALLEL_REQUESTS],
			['maxRetries', MAX_RETRIES],
			['maxRetryWaitSeconds', MAX_RETRY_WAIT_SECONDS],
			['timeoutSeconds', TIMEOUT_SECONDS],
		] as const) {
			expect({ name, ...option(name)?.typeOptions, default: option(name)?.default }).toEqual({
				name,
				minValue: bounds.min,
				maxValue: bounds.max,
				default: bounds.default,
			});
		}
	});

	it("hides the Model parameter only where the operation takes the conversation's model", () => {
		const hidden = description.properties
			.filter((p) => p.name === 'model')
			.map((p) => p.displayOptions?.hide?.operation);
		const fromConversation = OPERATIONS.filter((o) => o.modelFrom === 'conversation');
		expect(fromConversation.map((o) => o.value)).toEqual(['refine']);
		// Delete Conversation and the batch job operations make no request of a model.
		const none = ['refine', 'deleteConversation', 'getBatchResults', 'getBatch', 'cancelBatch'];
		expect(hidden).toEqual([none, none]);
	});

	it('offers the API choice where a conversation starts: Interactions for new nodes, generateContent for saved ones', () => {
		const apis = description.properties.filter((p) => p.name === 'api');
		const starting = OPERATIONS.filter((o) => o.modelFrom === 'parameter').map((o) => o.value);
		expect(apis.map((p) => [p.displayOptions?.show, p.default])).toEqual([
			[
				{ '@version': [{ _cnd: { lte: 1.1 } }], operation: starting, runAs: ['live'] },
				'generateContent',
			],
			[
				{ '@version': [{ _cnd: { gte: 1.2 } }], operation: starting, runAs: ['live'] },
				'interactions',
			],
		]);
		expect(starting).toEqual(['generate', 'edit', 'compose', 'generateWithSearch']);
		expect(description.defaultVersion).toBe(1.2);
	});
});
