/**
 * Test-only paths over the quota per key and model (quota.ts):
 *   GET    /__simulator/quota   {limits, accepted, refused429, byModel: {model: {accepted, refused429}}}
 *   POST   /__simulator/quota   {"requests": 20, "windowMs": 10000, "model"?: "gemini-..."} sets it
 *                               (for one model, or every model); {"requests": 0} removes it
 *   DELETE /__simulator/quota   removes every limit (?model=ID: that model's only)
 * Each answers the summary as GET does. Setting or removing a limit starts the counts afresh.
 */
import { badRequest, methodNotFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import { bareModelId } from '../models/table';
import { quotaLimitProblem } from './quota';
import type { SimulatorState } from '../server/state';

const USAGE = 'POST /__simulator/quota takes {"requests": N, "windowMs": MS, "model"?: "ID"}';

export async function handleQuotaControl(ex: Exchange, state: SimulatorState): Promise<void> {
	const method = ex.req.method ?? 'GET';
	if (ex.url.pathname !== '/__simulator/quota') throw methodNotFound();
	if (method === 'POST') {
		const body = (await readJsonBody(ex)) ?? {};
		if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(`${USAGE}.`);
		const { requests, windowMs, model } = body as Record<string, unknown>;
		if (model !== undefined && (typeof model !== 'string' || model === ''))
			throw badRequest(`${USAGE}: model must be a model id.`);
		const problem = quotaLimitProblem({ requests, windowMs });
		if (problem) throw badRequest(`${USAGE}: ${problem}`);
		const id = model === undefined ? undefined : bareModelId(model as string);
		state.quota.set({ requests: requests as number, windowMs: (windowMs as number) ?? 0 }, id);
	} else if (method === 'DELETE') {
		const model = ex.url.searchParams.get('model');
		if (model) state.quota.set({ requests: 0, windowMs: 0 }, bareModelId(model));
		else state.quota.clear();
	} else if (method !== 'GET') {
		throw methodNotFound();
	}
	sendJson(ex, 200, state.quota.summary());
}
