/**
 * Test-only paths over the Interactions API's store (reset() leaves it alone, so conversations
 * survive between executions of a test):
 *   GET    /__simulator/interactions          [{id, model, previous_interaction_id, status, store, createdAt, expiresAt}]
 *   DELETE /__simulator/interactions          forgets them all: {"forgotten": N}
 *   POST   /__simulator/interactions/expire   {"id": "v1_..."} or {} (all): they expire now: {"expired": [ids]}
 */
import { badRequest, methodNotFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import type { SimulatorState } from '../server/state';

export async function handleInteractionControl(ex: Exchange, state: SimulatorState): Promise<void> {
	const path = ex.url.pathname;
	const method = ex.req.method ?? 'GET';
	if (path === '/__simulator/interactions' && method === 'GET') {
		sendJson(ex, 200, state.interactions.list());
	} else if (path === '/__simulator/interactions' && method === 'DELETE') {
		sendJson(ex, 200, { forgotten: state.interactions.forgetAll() });
	} else if (path === '/__simulator/interactions/expire' && method === 'POST') {
		const body = ((await readJsonBody(ex)) ?? {}) as { id?: unknown };
		if (body.id !== undefined && typeof body.id !== 'string') {
			throw badRequest('Expire takes {"id": "v1_..."}, or {} for every interaction.');
		}
		sendJson(ex, 200, { expired: state.interactions.expire(body.id) });
	} else {
		throw methodNotFound();
	}
}
