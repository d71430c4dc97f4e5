/**
 * Test-only paths under /__simulator/, for suites that run the client out of process (a real n8n)
 * and still need to assert on what the simulator received.
 *   GET    /__simulator/health
 *   GET    /__simulator/requests[?omitData=1]   recorded requests, API key redacted
 *   DELETE /__simulator/requests                clears them and the fail-first counters
 *   /__simulator/interactions[/expire]           the Interactions API's store (interactions/control.ts)
 *   /__simulator/batches[/{id}/state]            the Batch API's jobs (batches/control.ts)
 *   /__simulator/quota                           the quota per key and model (quota/control.ts)
 */
import { methodNotFound } from '../server/google-errors';
import { sendJson, type Exchange } from '../server/http-util';
import { handleBatchControl } from '../batches/control';
import { handleInteractionControl } from '../interactions/control';
import { handleQuotaControl } from '../quota/control';
import type { SimulatorState } from '../server/state';
import type { RecordedRequest } from '../types';

const REDACTED = '[redacted]';

/** Replaces long base64 payloads by their length, so a listing of 4K-image requests stays small. */
function omitData(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(omitData);
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value)) {
		out[key] =
			key === 'data' && typeof child === 'string' && child.length > 64
				? `[${child.length} base64 characters]`
				: omitData(child);
	}
	return out;
}

function redact(record: RecordedRequest, dropData: boolean): RecordedRequest {
	const headers = { ...record.headers };
	if (headers['x-goog-api-key'] !== undefined) headers['x-goog-api-key'] = REDACTED;
	const query = { ...record.query };
	if (query.key !== undefined) query.key = REDACTED;
	return { ...record, headers, query, body: dropData ? omitData(record.body) : record.body };
}

export async function handleControl(
	ex: Exchange,
	state: SimulatorState,
	resetState: () => void,
): Promise<void> {
	const path = ex.url.pathname;
	const method = ex.req.method ?? 'GET';
	if (path === '/__simulator/health' && method === 'GET') {
		sendJson(ex, 200, { ok: true });
	} else if (path === '/__simulator/requests' && method === 'GET') {
		const dropData = ['1', 'true'].includes(ex.url.searchParams.get('omitData') ?? '');
		sendJson(
			ex,
			200,
			state.requests.map((r) => redact(r, dropData)),
		);
	} else if (path === '/__simulator/requests' && method === 'DELETE') {
		resetState();
		ex.res.writeHead(204).end();
	} else if (
		path === '/__simulator/interactions' ||
		path.startsWith('/__simulator/interactions/')
	) {
		await handleInteractionControl(ex, state);
	} else if (path === '/__simulator/batches' || path.startsWith('/__simulator/batches/')) {
		await handleBatchControl(ex, state);
	} else if (path === '/__simulator/quota') {
		await handleQuotaControl(ex, state);
	} else {
		throw methodNotFound();
	}
}
