/** POST /{version}/models/{model}:generateContent (and :streamGenerateContent). */
import { buildAnswer } from './answer';
import { errorForStatus, GoogleApiError, notFound, quotaZero } from './google-errors';
import { JSON_TYPE, sendJson, sleep, type Exchange } from './http-util';
import { readJsonBody } from './json-body';
import { parseScenario, type ErrorStatus, type Fault, type Scenario } from './markers';
import { bareModelId, servedModel, type ModelSpec } from './model-table';
import { readGenerateContentRequest } from './request-shape';
import type { SimulatorState } from './state';
import { readOutputSettings } from './validate-config';
import { checkContents } from './validate-contents';

function failure(status: ErrorStatus, model: ModelSpec, retryMs: number): GoogleApiError {
	return errorForStatus(status, model.id, retryMs);
}

/** The error a scenario asks for on every request, if any. */
function scenarioError(scenario: Scenario, model: ModelSpec): GoogleApiError | undefined {
	if (scenario.error) return failure(scenario.error.status, model, scenario.error.retryMs);
	if (scenario.quotaZero) return quotaZero(model.id);
	return undefined;
}

/**
 * The fault fail-first picks for this request, if it is among the first N with this prompt.
 * Counted on arrival, so a retry sent while an earlier attempt still hangs is already past it.
 */
function failFirstFault(
	scenario: Scenario,
	prompt: string,
	state: SimulatorState,
): Fault | undefined {
	if (!scenario.failFirst) return undefined;
	const { count, fault, spec } = scenario.failFirst;
	const key = `${count}:${spec}:${prompt}`;
	const seen = state.failCounters.get(key) ?? 0;
	state.failCounters.set(key, seen + 1);
	return seen < count ? fault : undefined;
}

/** A 200 whose JSON stops halfway: the connection ends cleanly, the body does not parse. */
function sendTruncated(ex: Exchange, answer: unknown): void {
	const text = JSON.stringify(answer, null, 2);
	ex.res.writeHead(200, { 'content-type': JSON_TYPE });
	ex.res.end(text.slice(0, Math.floor(text.length / 2)));
	if (ex.record) ex.record.status = 200;
}

/** A 200 that is not JSON at all, as a captive portal or a misconfigured proxy sends. */
function sendMalformed(ex: Exchange): void {
	const text =
		'<!DOCTYPE html>\n<html><head><title>Gateway</title></head><body><p>Request received.</p></body></html>\n';
	ex.res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
	});
	ex.res.end(text);
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
	const model = servedModel(modelName, state.retiredModels);
	if (!model || !model.methods.includes('generateContent')) {
		throw notFound(
			`models/${bareModelId(modelName)} is not found for API version ${apiVersion}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
		);
	}
	const request = readGenerateContentRequest(body ?? {});
	const settings = readOutputSettings(request, model);
	const contents = checkContents(request, model, state.files);
	const scenario = parseScenario(contents.promptText);
	const fault = failFirstFault(scenario, contents.promptText, state);

	const slowMs = scenario.slowMs + (fault?.kind === 'slow' ? fault.ms : 0);
	if (!(await sleep(slowMs, ex.signal))) return;
	if (scenario.drop || fault?.kind === 'drop') {
		ex.drop();
		return;
	}
	const error =
		scenarioError(scenario, model) ??
		(fault?.kind === 'status' ? failure(fault.status, model, fault.retryMs) : undefined);
	if (error) throw error;
	if (scenario.malformed || fault?.kind === 'malformed') {
		sendMalformed(ex);
		return;
	}
	const answer = await buildAnswer({
		model,
		settings,
		contents,
		scenario,
		imageSignatureBytes: state.imageSignatureBytes,
	});
	if (ex.signal.aborted) return;
	if (scenario.truncate || fault?.kind === 'truncate') sendTruncated(ex, answer);
	else if (stream) sendStream(ex, answer);
	else sendJson(ex, 200, answer);
}
