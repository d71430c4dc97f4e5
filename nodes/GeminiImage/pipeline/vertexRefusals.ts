import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VERTEX_BATCH_HINT } from '../description/batch';
import type { GeminiConnection } from '../gemini/endpoint';
import type { JobOperation } from '../operations/types';
import type { ImageOperation } from '../operations/types';

/** What the Gemini API has and Vertex AI has not (or not without Cloud Storage), refused at once. */
const GEMINI_API_ONLY: Record<string, string> = {
	deleteConversation:
		'Delete Conversation deletes interactions kept by the Gemini API; Vertex AI keeps none. Use the Gemini API credential.',
	getBatch: VERTEX_BATCH_HINT,
	getBatchResults: VERTEX_BATCH_HINT,
	cancelBatch: VERTEX_BATCH_HINT,
};

export function refuseOnVertex(
	context: IExecuteFunctions,
	operation: ImageOperation | JobOperation,
	connection: GeminiConnection,
	batch: boolean,
): void {
	if (!connection.vertex) return;
	const hint = batch ? VERTEX_BATCH_HINT : GEMINI_API_ONLY[operation.value];
	if (!hint) return;
	const what = batch ? 'Run As: Batch Job' : operation.name;
	throw new NodeOperationError(context.getNode(), `${what} is not available on Vertex AI`, {
		description: hint,
	});
}
