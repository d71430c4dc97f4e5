/**
 * The Interactions API: POST /{v}/interactions, GET and DELETE /{v}/interactions/{id}, and
 * POST /{v}/interactions/{id}:cancel (the SDK's /cancel too). A create is said in
 * generateContent's words and goes through its checks, markers and answer (generate/generation.ts).
 */
import { badRequest } from '../server/google-errors';
import { sendJson, sleep, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import { startBackground } from './background';
import { interactionModelNotFound, interactionNotReady } from './errors';
import { SKIP_SIGNATURE } from './input';
import { historyTokens, interactionOutcome } from './output';
import { readInteractionRequest } from './request';
import { interactionResource } from './resource';
import { newInteractionId, type StoredInteraction } from './store';
import { bareModelId } from '../models/table';
import { generationModel, prepareGeneration, runGeneration } from '../generate/generation';
import { enforceQuota } from '../quota/quota';
import type { Content } from '../generate/request-shape';
import type { SimulatorState } from '../server/state';
import { sendTruncated } from '../server/transport-faults';

/**
 * The stored history a continuation builds on. The simulator holds it, so model turns of a model
 * that signs nothing (Nano Banana) pass a signing model's check when the model changes.
 */
function storedHistory(previous: StoredInteraction): Content[] {
	return previous.history.map((content) =>
		content.role !== 'model'
			? content
			: {
					...content,
					parts: (content.parts ?? []).map((part) =>
						part.thought || part.thoughtSignature
							? part
							: { ...part, thoughtSignature: SKIP_SIGNATURE },
					),
				},
	);
}

export async function handleCreateInteraction(
	ex: Exchange,
	state: SimulatorState,
	apiVersion: string,
): Promise<void> {
	const body = await readJsonBody(ex);
	if (!(await sleep(state.latencyMs, ex.signal))) return;
	const ask = readInteractionRequest(body);
	if (ex.record) ex.record.model = bareModelId(ask.model);
	const model = generationModel(ask.model, state, apiVersion, interactionModelNotFound);
	enforceQuota(ex, state.quota, model.id);
	const previous = ask.previousId ? state.interactions.find(ask.previousId) : undefined;
	if (previous?.status === 'in_progress') throw interactionNotReady(previous.id, 'continued');
	const history = previous ? storedHistory(previous) : [];
	const contents = [...history, ...ask.contents];
	const generation = prepareGeneration(state, { ...ask.request, contents }, model);
	if (ask.jpeg) generation.scenario = { ...generation.scenario, jpeg: true };
	const turn = contents.filter((c) => c.role !== 'model').length;
	const record = {
		id: newInteractionId(),
		model: model.id,
		previousId: previous?.id,
		store: ask.store,
		input: ask.input,
		history: contents,
		steps: [],
	};
	const cachedTokens = historyTokens(model, history);
	if (ask.background) {
		startBackground(ex, state, record, generation, { turn, cachedTokens });
		return;
	}
	const result = await runGeneration(ex, generation, state, turn);
	if (!result) return;
	const outcome = interactionOutcome(result.answer, cachedTokens);
	const stored = state.interactions.add({
		...record,
		status: outcome.status,
		history: outcome.modelTurn ? [...contents, outcome.modelTurn] : contents,
		steps: outcome.steps,
		usage: outcome.usage,
		errors: outcome.errors,
	});
	const resource = interactionResource(stored);
	if (result.truncate) sendTruncated(ex, resource);
	else sendJson(ex, 200, resource);
}

export function handleGetInteraction(ex: Exchange, state: SimulatorState, id: string): void {
	if (ex.url.searchParams.get('stream') === 'true') {
		throw badRequest('The simulator does not stream interactions: get them with stream=false.');
	}
	const includeInput = ['true', '1'].includes(ex.url.searchParams.get('include_input') ?? '');
	sendJson(ex, 200, interactionResource(state.interactions.find(id), includeInput));
}

export function handleDeleteInteraction(ex: Exchange, state: SimulatorState, id: string): void {
	state.interactions.delete(id);
	// Google: "If successful, the response is empty." @google/genai 3.1 takes an empty body.
	sendJson(ex, 200, undefined);
}

export function handleCancelInteraction(ex: Exchange, state: SimulatorState, id: string): void {
	const item = state.interactions.find(id);
	if (item.status !== 'in_progress') throw interactionNotReady(id, 'cancelled');
	clearTimeout(item.timer);
	item.status = 'cancelled';
	item.steps = [];
	item.updatedAt = Date.now();
	sendJson(ex, 200, interactionResource(item));
}
