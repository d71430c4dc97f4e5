import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GeminiConnection } from '../gemini/connection/endpoint';
import { findConnectionProblem } from '../gemini/connection/endpoint';
import { loadConnection } from '../n8n/credentials';

/** The credential's connection for an editor list, or the error saying why it cannot list. */
export async function listConnection(
	context: ILoadOptionsFunctions,
	what: string,
): Promise<GeminiConnection> {
	const connection = await loadConnection(context);
	const problem = findConnectionProblem(connection);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `Could not list ${what}: ${problem.message}`, {
			description: problem.hint,
		});
	}
	return connection;
}
