/**
 * Test-only paths over Vertex AI's credentials (store.ts); reset() leaves them:
 *   POST   /__simulator/vertex/service-accounts                  {client_email, project_id,
 *          private_key_id, public_key (PEM), client_id?, token_uri?}: registers the account, or
 *          adds a key to it
 *   DELETE /__simulator/vertex/service-accounts/{email}/keys/{id} deletes one key
 *   POST   /__simulator/vertex/tokens/expire                     {"client_email"?}: granted tokens
 *          (that account's, or all) expire now: {"expired": N}
 *   POST   /__simulator/vertex/express-keys                      {"key", "project"?}: an express key
 */
import { badRequest, methodNotFound, notFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import type { SimulatorState } from '../server/state';
import { DEFAULT_VERTEX_PROJECT, type ServiceAccountRegistration } from './store';

const REGISTRATION =
	'POST /__simulator/vertex/service-accounts takes {"client_email", "project_id", "private_key_id", "public_key" (PEM), "client_id"?, "token_uri"?}';

async function readObject(ex: Exchange): Promise<Record<string, unknown>> {
	const body = (await readJsonBody(ex)) ?? {};
	if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Expected a JSON object.');
	return body as Record<string, unknown>;
}

function registration(body: Record<string, unknown>): ServiceAccountRegistration {
	const required = ['client_email', 'project_id', 'private_key_id', 'public_key'];
	for (const name of required) {
		if (typeof body[name] !== 'string' || body[name] === '') {
			throw badRequest(`${REGISTRATION}: ${name} is missing.`);
		}
	}
	for (const name of ['client_id', 'token_uri']) {
		if (body[name] !== undefined && typeof body[name] !== 'string') {
			throw badRequest(`${REGISTRATION}: ${name} must be a string.`);
		}
	}
	return body as unknown as ServiceAccountRegistration;
}

export async function handleVertexControl(ex: Exchange, state: SimulatorState): Promise<void> {
	const path = ex.url.pathname;
	const method = ex.req.method ?? 'GET';
	const store = state.vertex;
	const key = /^\/__simulator\/vertex\/service-accounts\/([^/]+)\/keys\/([^/]+)$/.exec(path);
	if (path === '/__simulator/vertex/service-accounts' && method === 'POST') {
		const given = registration(await readObject(ex));
		let registered;
		try {
			registered = store.register(given);
		} catch (error) {
			throw badRequest(`${REGISTRATION}: ${(error as Error).message}`);
		}
		sendJson(ex, 200, {
			client_email: registered.email,
			project_id: registered.project,
			private_key_id: given.private_key_id,
		});
	} else if (key && method === 'DELETE') {
		const [email, id] = [decodeURIComponent(key[1]), decodeURIComponent(key[2])];
		if (!store.deleteKey(email, id)) throw notFound(`No key ${id} of ${email}.`);
		sendJson(ex, 200, { deleted: id });
	} else if (path === '/__simulator/vertex/tokens/expire' && method === 'POST') {
		const { client_email: email } = await readObject(ex);
		if (email !== undefined && typeof email !== 'string') {
			throw badRequest('Expire takes {"client_email": "..."}, or {} for every token.');
		}
		sendJson(ex, 200, { expired: store.expireTokens(email) });
	} else if (path === '/__simulator/vertex/express-keys' && method === 'POST') {
		const { key: given, project = DEFAULT_VERTEX_PROJECT } = await readObject(ex);
		if (
			typeof given !== 'string' ||
			given === '' ||
			typeof project !== 'string' ||
			project === ''
		) {
			throw badRequest(
				'POST /__simulator/vertex/express-keys takes {"key": "...", "project"?: "..."}.',
			);
		}
		store.expressKeys.set(given, project);
		sendJson(ex, 200, { key: given, project });
	} else {
		throw methodNotFound();
	}
}
