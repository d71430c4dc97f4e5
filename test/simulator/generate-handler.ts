/** POST /{version}/models/{model}:generateContent (and :streamGenerateContent). */
import { buildAnswer } from './answer';
import {
	deadlineExceeded,
	GoogleApiError,
	internalError,
	notFound,
	overloaded,
	quotaExceeded,
	quotaZero,
} from './google-errors';
import { JSON_TYPE, sendJson, sleep, type Exchange } from './http-util';
import { readJsonBody } from './json-body';
import { parseScenario, type FailureStatus, type Scenario } from './markers';
import { bareModelId, findModel, type ModelSpec } from './model-table';
import { readGenerateContentRequest } from './request-shape';
import type { SimulatorState } from './state';
import { readOutputSettings } from './validate-config';
import { checkContents } from './validate-contents';

function failure(status: FailureStatus, model: ModelSpec, retryMs: number): GoogleApiError {
	switch (status) {
		case 429:
			return quotaExceeded(model.id, retryMs);
		case 500:
			return internalError();
		case 503:
			return overloaded();
		case 504:
			return deadlineExceeded();
	}
}

/** The error a scenario asks for, if any; fail-first counts only the requests that carry it. */
function scenarioError(
	scenario: Scenario,
	model: ModelSpec,
	prompt: string,
	state: SimulatorState,
): GoogleApiError | undefined {
	if (scenario.error) return failure(scenario.error.status, model, scenario.error.retryMs);
	if (scenario.quotaZero) return quotaZero(model.id);
	if (scenario.failFirst) {
		const { count, status } = scenario.failFirst;
		const key = `${count}:${status}:${prompt}`;
		const seen = state.failCounters.get(key) ?? 0;
		state.failCounters.set(key, seen + 1);
		if (seen < count) return failure(status, model, 15000);
	}
	return undefined;
}

/** A 200 whose JSON stops halfway: the connection ends cleanly, the body does not parse. */
function sendTruncated(ex: Exchange, answer: unknown): void {
	const text = JSON.stringify(answer, null, 2);
	ex.res.writeHead(200, { 'content-type': JSON_TYPE });
	ex.res.end(text.slice(0, Math.floor(text.length / 2)));
	if (ex.record) ex.record.status = 200;
}

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
	const model = findModel(modelName);
	if (!model || !model.methods.includes('generateContent')) {
		throw notFound(
			`models/${bareModelId(modelName)} is not found for API version ${apiVersion}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
		);
	}
	const request = readGenerateContentRequest(body ?? {});
	const settings = readOutputSettings(request, model);
	const contents = checkContents(request, model, state.files);
	const scenario = parseScenario(contents.promptText);

	if (!(await sleep(scenario.slowMs, ex.signal))) return;
	if (scenario.drop) {
		ex.drop();
		return;
	}
	const error = scenarioError(scenario, model, contents.promptText, state);
	if (error) throw error;
	const answer = await buildAnswer({ model, settings, contents, scenario });
	if (ex.signal.aborted) return;
	if (scenario.truncate) sendTruncated(ex, answer);
	else if (stream) sendStream(ex, answer);
	else sendJson(ex, 200, answer);
}
