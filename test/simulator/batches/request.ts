/**
 * Reads a batchGenerateContent body ({batch: {displayName, inputConfig: {requests: {requests:
 * [{request, metadata}]}} | {fileName}}}, snake_case or camelCase, as the JSON front end does) and
 * the lines of a JSONL input file ({"key": "...", "request": {...}} each).
 */
import { badRequest, GoogleApiError, invalidJson } from '../server/google-errors';
import { readGenerateContentRequest, type GenerateContentRequest } from '../generate/request-shape';

/** Google: inline requests must total under 20 MB; larger batches go in a file. */
export const INLINE_BATCH_LIMIT_BYTES = 20 * 1024 * 1024;

/** One request of a batch, or why it cannot be one (a line error, not a 400). */
export interface BatchEntry {
	key?: string;
	metadata?: unknown;
	request?: GenerateContentRequest;
	problem?: GoogleApiError;
}

export interface BatchInput {
	displayName?: string;
	/** Inline requests, in order. */
	inline?: BatchEntry[];
	/** 'files/...' of a JSONL input file. */
	fileName?: string;
}

const camel = (name: string): string =>
	name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownName(name: string, path: string): GoogleApiError {
	const where = path ? ` at '${path}'` : '';
	const description = `Invalid JSON payload received. Unknown name "${name}"${where}: Cannot find field.`;
	return badRequest(description, [{ field: path || undefined, description }]);
}

/** The message's fields by camelCase name; a name it lacks is the front end's 400. */
function fields(value: unknown, allowed: readonly string[], path: string): Record<string, unknown> {
	if (!isObject(value)) {
		throw badRequest(`Invalid value at '${path}', ${JSON.stringify(value)}: expected an object.`);
	}
	const out: Record<string, unknown> = {};
	for (const [name, child] of Object.entries(value)) {
		const key = camel(name);
		if (!allowed.includes(key)) throw unknownName(name, path);
		if (child !== null && child !== undefined) out[key] = child;
	}
	return out;
}

/** request-shape's 400, with its field paths moved under the batch entry they belong to. */
function underEntry(error: GoogleApiError, prefix: string): GoogleApiError {
	const message = error.message
		.replace(/Unknown name "([^"]*)": /g, `Unknown name "$1" at '${prefix}': `)
		.replace(/ at '(?!batch\.)([^']*)'/g, ` at '${prefix}.$1'`);
	return badRequest(message, [{ field: prefix, description: message }]);
}

function inlineEntries(value: unknown, path: string): BatchEntry[] {
	const wrapper = fields(value, ['requests'], path);
	const list = wrapper.requests;
	if (!Array.isArray(list)) {
		throw badRequest(`Invalid JSON payload received. Expected a list at '${path}.requests'.`);
	}
	if (list.length === 0) throw badRequest(`${path}.requests must contain at least one request.`);
	return list.map((item, i) => {
		const itemPath = `${path}.requests[${i}]`;
		const entry = fields(item, ['request', 'metadata'], itemPath);
		if (entry.request === undefined) throw badRequest(`${itemPath}.request is required.`);
		try {
			const request = readGenerateContentRequest(entry.request);
			return { request, metadata: entry.metadata };
		} catch (error) {
			if (error instanceof GoogleApiError) throw underEntry(error, `${itemPath}.request`);
			throw error;
		}
	});
}

export function readBatchBody(body: unknown, bodyBytes: number): BatchInput {
	const top = fields(body ?? {}, ['batch'], '');
	if (top.batch === undefined) throw badRequest('batch is required.');
	const batch = fields(
		top.batch,
		['name', 'model', 'displayName', 'inputConfig', 'priority', 'webhookConfig'],
		'batch',
	);
	if (batch.displayName !== undefined && typeof batch.displayName !== 'string') {
		throw badRequest(
			`Invalid value at 'batch.display_name' (TYPE_STRING), ${JSON.stringify(batch.displayName)}`,
		);
	}
	if (batch.inputConfig === undefined) throw badRequest('batch.input_config is required.');
	const input = fields(batch.inputConfig, ['requests', 'fileName'], 'batch.input_config');
	if ((input.requests === undefined) === (input.fileName === undefined)) {
		throw badRequest('batch.input_config must set exactly one of requests or file_name.');
	}
	const displayName = batch.displayName as string | undefined;
	if (input.fileName !== undefined) {
		if (typeof input.fileName !== 'string' || !/^files\/[a-z0-9-]+$/.test(input.fileName)) {
			throw badRequest(
				`Invalid file name: ${JSON.stringify(input.fileName)}. Expected files/{id}.`,
			);
		}
		return { displayName, fileName: input.fileName };
	}
	if (bodyBytes > INLINE_BATCH_LIMIT_BYTES) {
		throw badRequest(
			`Request payload size exceeds the limit: ${INLINE_BATCH_LIMIT_BYTES} bytes. Inline batch requests must total under 20 MB (this request is ${bodyBytes} bytes); upload larger batches as a JSONL file with the Files API and pass its name as batch.input_config.file_name.`,
		);
	}
	return { displayName, inline: inlineEntries(input.requests, 'batch.input_config.requests') };
}

/** One JSONL line: {"key": "...", "request": {...}}. A broken line becomes that line's error. */
function fileEntry(line: string, number: number): BatchEntry {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch (error) {
		return {
			problem: invalidJson(`Line ${number} of the input file: ${(error as Error).message}`),
		};
	}
	if (!isObject(value)) {
		return { problem: badRequest(`Line ${number} of the input file is not a JSON object.`) };
	}
	const key = typeof value.key === 'string' ? value.key : undefined;
	try {
		const entry = fields(value, ['key', 'request'], '');
		if (entry.request === undefined) {
			return { key, problem: badRequest(`Line ${number} of the input file has no "request".`) };
		}
		return { key, request: readGenerateContentRequest(entry.request) };
	} catch (error) {
		if (error instanceof GoogleApiError) return { key, problem: error };
		throw error;
	}
}

export function readJsonlEntries(bytes: Buffer): BatchEntry[] {
	const entries: BatchEntry[] = [];
	const lines = bytes.toString('utf8').split('\n');
	lines.forEach((line, i) => {
		if (line.trim()) entries.push(fileEntry(line, i + 1));
	});
	return entries;
}
