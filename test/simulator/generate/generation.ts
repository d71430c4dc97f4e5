/**
 * The generateContent pipeline, shared by generateContent and the Interactions API: the same
 * checks, the same markers and the same answer, whichever API the request came through.
 */
import { buildAnswer } from './answer';
import type { FileStore } from '../files/store';
import { fixedError, GoogleApiError, notFound, type MarkerStatus } from '../server/google-errors';
import { quotaExceeded, quotaZero } from '../quota/errors';
import { sleep, type Exchange } from '../server/http-util';
import { parseScenario, type Fault, type Scenario } from './markers';
import { bareModelId, servedModel, type ModelSpec } from '../models/table';
import type { GenerateContentRequest } from './request-shape';
import type { SimulatorState } from '../server/state';
import { sendMalformed } from '../server/transport-faults';
import { readOutputSettings, type OutputSettings } from './validate-config';
import { checkContents, type ContentsSummary } from './validate-contents';

/** A request that passed every check: what to answer, and which fault to answer with. */
export interface Generation {
	model: ModelSpec;
	settings: OutputSettings;
	contents: ContentsSummary;
	scenario: Scenario;
	/** The fault fail-first picked for this request, if it is among the first N. */
	fault?: Fault;
}

export type TransportFault = 'drop' | 'truncate' | 'malformed';

/**
 * The model, or Google's 404 for an id it does not serve (unknown or retired): generateContent's
 * wording unless `missing` gives another (the Interactions API's).
 */
export function generationModel(
	modelName: string,
	state: SimulatorState,
	apiVersion: string,
	missing?: (modelId: string) => GoogleApiError,
): ModelSpec {
	const model = servedModel(modelName, state.retiredModels);
	if (!model || !model.methods.includes('generateContent')) {
		const id = bareModelId(modelName);
		throw missing
			? missing(id)
			: notFound(
					`models/${id} is not found for API version ${apiVersion}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
				);
	}
	return model;
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

/**
 * Runs every check of a (camelCase) request against the model and reads its markers. `files`
 * resolves fileData URIs: the Files API's uploads unless another store is given (Vertex AI's
 * Cloud Storage objects).
 */
export function prepareGeneration(
	state: SimulatorState,
	request: GenerateContentRequest,
	model: ModelSpec,
	files: FileStore = state.files,
): Generation {
	const settings = readOutputSettings(request, model);
	const contents = checkContents(request, model, files);
	const scenario = parseScenario(contents.promptText);
	const fault = failFirstFault(scenario, contents.promptText, state);
	return { model, settings, contents, scenario, fault };
}

/** How long [sim:slow] and a fail-first slow fault hold the answer back. */
export function generationDelayMs(generation: Generation): number {
	const { scenario, fault } = generation;
	return scenario.slowMs + (fault?.kind === 'slow' ? fault.ms : 0);
}

function statusError(status: MarkerStatus, model: string, retryMs: number): GoogleApiError {
	return status === 429 ? quotaExceeded(model, retryMs) : fixedError(status);
}

/** The error answer a marker or fail-first asks for, if any. */
export function generationError(generation: Generation): GoogleApiError | undefined {
	const { scenario, fault, model } = generation;
	if (scenario.error) return statusError(scenario.error.status, model.id, scenario.error.retryMs);
	if (scenario.quotaZero) return quotaZero(model.id);
	if (fault?.kind === 'status') return statusError(fault.status, model.id, fault.retryMs);
	return undefined;
}

/** The transport fault to answer with, if any: drop before malformed before truncate. */
export function transportFault(generation: Generation): TransportFault | undefined {
	const { scenario, fault } = generation;
	if (scenario.drop || fault?.kind === 'drop') return 'drop';
	if (scenario.malformed || fault?.kind === 'malformed') return 'malformed';
	if (scenario.truncate || fault?.kind === 'truncate') return 'truncate';
	return undefined;
}

/** The generateContent answer; `turn` (1-based) lets the model's text say which turn it is. */
export function answerGeneration(
	generation: Generation,
	state: SimulatorState,
	turn?: number,
): Promise<Record<string, unknown>> {
	return buildAnswer({ ...generation, imageSignatureBytes: state.imageSignatureBytes, turn });
}

export interface GenerationResult {
	answer: Record<string, unknown>;
	/** Send only the first half of the JSON body ([sim:truncate]). */
	truncate: boolean;
}

/**
 * Waits, then drops the connection, throws the error a marker asks for, or sends the HTML page,
 * as generateContent does; otherwise builds the answer for the caller to send. undefined: the
 * request has been dealt with (dropped, answered, or the client went away).
 */
export async function runGeneration(
	ex: Exchange,
	generation: Generation,
	state: SimulatorState,
	turn?: number,
): Promise<GenerationResult | undefined> {
	if (!(await sleep(generationDelayMs(generation), ex.signal))) return undefined;
	const transport = transportFault(generation);
	if (transport === 'drop') {
		ex.drop();
		return undefined;
	}
	const error = generationError(generation);
	if (error) throw error;
	if (transport === 'malformed') {
		sendMalformed(ex);
		return undefined;
	}
	const answer = await answerGeneration(generation, state, turn);
	if (ex.signal.aborted) return undefined;
	return { answer, truncate: transport === 'truncate' };
}
