import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VERTEX_BATCH_HINT } from '../description/batch';
import type { GeminiConnection } from '../gemini/connection/endpoint';
import { megabytes } from '../gemini/connection/endpointError';
import type { PendingTurn } from '../gemini/conversation/payload';
import { inlineBytes, VERTEX_INLINE_LIMIT_BYTES } from '../gemini/conversation/payload';
import type { JobOperation } from '../operations/types';
import type { ImageOperation } from '../operations/types';

/**
 * Everything Vertex AI refuses, said in one place: the operations that act on what only the
 * Gemini API keeps, Run As: Batch Job, a stored interaction (Vertex AI has no Interactions API)
 * and images over its inline size (it has no Files API).
 */
export function refuseOnVertex(
	context: IExecuteFunctions,
	operation: ImageOperation | JobOperation,
	connection: GeminiConnection,
	batch: boolean,
): void {
	if (!connection.vertex) return;
	const hint = batch
		? VERTEX_BATCH_HINT
		: 'notOnVertex' in operation
			? operation.notOnVertex
			: undefined;
	if (!hint) return;
	const what = batch ? 'Run As: Batch Job' : operation.name;
	throw new NodeOperationError(context.getNode(), `${what} is not available on Vertex AI`, {
		description: hint,
	});
}

/** A stored interaction named on Vertex AI, which cannot reach the Gemini API's store. */
export function interactionOnVertexError(
	node: INode,
	interactionId: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`Interaction ${interactionId} is kept by the Gemini API, which Vertex AI cannot reach (item ${itemIndex})`,
		{
			itemIndex,
			description:
				'Vertex AI has no Interactions API. Continue this conversation with the Gemini API credential, or start a new one on Vertex AI (its conversation then travels in the items).',
		},
	);
}

/** An item's request on Vertex AI: no stored interaction, every image inline within its limit. */
export function refuseItemOnVertex(
	node: INode,
	itemIndex: number,
	previousInteractionId: string | undefined,
	pending: PendingTurn[],
): void {
	if (previousInteractionId) throw interactionOnVertexError(node, previousInteractionId, itemIndex);
	const inline = inlineBytes(pending);
	if (inline > VERTEX_INLINE_LIMIT_BYTES) {
		throw new NodeOperationError(
			node,
			`The images of item ${itemIndex} make a ${megabytes(inline)} request, more than the ${megabytes(VERTEX_INLINE_LIMIT_BYTES)} Vertex AI takes inline`,
			{
				itemIndex,
				description:
					'Vertex AI has no Files API to upload large images to. Send smaller images (a JPEG of the same picture is far smaller than a PNG), fewer references, or fewer earlier exchanges (Refine: "Earlier Exchanges to Send").',
			},
		);
	}
}
