/**
 * countTokens on Vertex AI's paths, as the package's credential test calls it (free, and
 * scoped to the project and location, unlike the model list):
 *   POST /{v}/projects/{project}/locations/{location}/publishers/google/models/{model}:countTokens
 *   POST /{v}/publishers/google/models/{model}:countTokens   (express mode)
 * The same checks as generateContent (credential, project, model served at the location); the
 * count is of the text's words, as a rough tokenizer would give.
 */
import { sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import type { SimulatorState } from '../server/state';
import { openVertexCall, type VertexTarget } from './handler';
import { vertexModel } from './models';

function textOf(body: unknown): string {
	const contents = (body as { contents?: Array<{ parts?: Array<{ text?: unknown }> }> })?.contents;
	return (contents ?? [])
		.flatMap((content) => content.parts ?? [])
		.map((part) => (typeof part.text === 'string' ? part.text : ''))
		.join(' ');
}

export async function handleVertexCountTokens(
	ex: Exchange,
	state: SimulatorState,
	target: VertexTarget,
): Promise<void> {
	const { location, resource } = openVertexCall(ex, state, target, 'CountTokens');
	const body = await readJsonBody(ex);
	vertexModel(target.model, state, location, resource);
	const text = textOf(body);
	const tokens = text.split(/\s+/).filter(Boolean).length;
	sendJson(ex, 200, {
		totalTokens: tokens,
		totalBillableCharacters: text.replace(/\s/g, '').length,
		promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens }],
	});
}
