import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createGeminiClient, isImageModel } from '../gemini/connection/client';
import { secretsOf } from '../gemini/connection/endpoint';
import { classifyApiError } from '../gemini/failures/errors';
import { listConnection } from './listConnection';
import {
	findModelCapabilities,
	MODEL_CAPABILITIES,
	normalizeModelId,
} from '../gemini/catalogue/models';
import { findRetiredModel } from '../gemini/catalogue/retired';
import { OPERATIONS } from '../operations';

/** The table's models Google still serves, named as a list would name them. */
function tableModels() {
	return MODEL_CAPABILITIES.filter((model) => !findRetiredModel(model.family)).map((model) => ({
		name: `models/${model.family}`,
		displayName: model.name,
	}));
}

/** The model picker: image models the key can use, by name, filterable. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await listConnection(this, 'models');
	let models;
	try {
		// Vertex AI lists no models for an express-mode key: the table's current models then.
		models =
			connection.vertex && !connection.vertex.serviceAccount
				? tableModels()
				: await (await createGeminiClient(connection)).listModels();
	} catch (error) {
		const failure = classifyApiError(error, secretsOf(connection));
		throw new NodeOperationError(this.getNode(), `Could not list models: ${failure.message}`, {
			description: `${failure.hint} You can also type a model id in "ID" mode.`,
		});
	}
	const needle = filter?.trim().toLowerCase() ?? '';
	// A grounded operation lists only the models that can search (and ids the table does not know).
	const operation = this.getCurrentNodeParameter('operation');
	const needsSearch = OPERATIONS.some((o) => o.value === operation && o.grounded);
	const results = models
		.filter(isImageModel)
		.map((model) => {
			const id = normalizeModelId(model.name ?? '');
			const family = findModelCapabilities(id);
			const label = model.displayName || family?.displayName || id;
			const name = label === id ? id : `${label} (${id})`;
			return { name, value: id, searches: family?.googleSearch ?? true };
		})
		.filter((entry) => !needsSearch || entry.searches)
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}
