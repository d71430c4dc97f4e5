import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createGeminiClient } from '../gemini/connection/client';
import { secretsOf } from '../gemini/connection/endpoint';
import { classifyApiError } from '../gemini/failures/errors';
import { VERTEX_BATCH_HINT } from '../description/batch';
import { listConnection } from './listConnection';

/** Jobs listed at most: Google's newest first. */
const PAGE_SIZE = 50;

/** The batch job picker: the newest jobs, by name, state and request count, filterable. */
export async function searchBatches(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await listConnection(this, 'batch jobs');
	if (connection.vertex) {
		throw new NodeOperationError(this.getNode(), 'Could not list batch jobs on Vertex AI', {
			description: VERTEX_BATCH_HINT,
		});
	}
	let jobs;
	try {
		jobs = await (await createGeminiClient(connection)).listBatches(PAGE_SIZE);
	} catch (error) {
		const failure = classifyApiError(error, secretsOf(connection));
		throw new NodeOperationError(this.getNode(), `Could not list batch jobs: ${failure.message}`, {
			description: `${failure.hint} You can also give a job's name in "Name" mode.`,
		});
	}
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = jobs
		.map((job) => {
			const count = job.requestCount === undefined ? '' : `, ${job.requestCount} requests`;
			const label = job.displayName ? `${job.displayName} (${job.name})` : job.name;
			return { name: `${label}: ${job.state}${count}`, value: job.name };
		})
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	return { results };
}
