/** POST /{version}/models/{model}:generateContent (and :streamGenerateContent). */
import { JSON_TYPE, sendJson, sleep, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import { generationModel, prepareGeneration, runGeneration } from './generation';
import { enforceQuota } from '../quota/quota';
import { readGenerateContentRequest } from './request-shape';
import type { SimulatorState } from '../server/state';
import { sendTruncated } from '../server/transport-faults';

/** Streaming answers come as one chunk: enough for clients that use the streaming call. */
function sendStream(ex: Exchange, answer: unknown): void {
	const sse = ex.url.searchParams.get('alt') === 'sse';
	const text = sse ? `data: ${JSON.stringify(answer)}\r\n\r\n` : JSON.stringify([answer]);
	ex.res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : JSON_TYPE });
	ex.res.end(text);
	if (ex.record) ex.record.status = 200;
}

export async function handleGenerateContent(
	ex: Exchange,
	state: SimulatorState,
	apiVersion: string,
	modelName: string,
	stream: boolean,
): Promise<void> {
	const body = await readJsonBody(ex);
	if (!(await sleep(state.latencyMs, ex.signal))) return;
	const model = generationModel(modelName, state, apiVersion);
	enforceQuota(ex, state.quota, model.id);
	const request = readGenerateContentRequest(body ?? {});
	const generation = prepareGeneration(state, request, model);
	const result = await runGeneration(ex, generation, state);
	if (!result) return;
	if (result.truncate) sendTruncated(ex, result.answer);
	else if (stream) sendStream(ex, result.answer);
	else sendJson(ex, 200, result.answer);
}
