/**
 * The Batch API, as @google/genai 3.1 speaks it:
 *   POST   /{v}/models/{model}:batchGenerateContent   create: the Operation, BATCH_STATE_PENDING
 *   GET    /{v}/batches[?pageSize=&pageToken=]         {operations: [...], nextPageToken}
 *   GET    /{v}/batches/{id}                           the Operation as it stands
 *   POST   /{v}/batches/{id}:cancel                    {} (a pending or running job is CANCELLED)
 *   DELETE /{v}/batches/{id}                           {}
 * Results files: batches/files.ts.
 */
import { readBatchBody, readJsonlEntries, type BatchEntry } from './request';
import { buildResults, prepareEntries } from './results';
import { batchOperation, sendWithSlots, Slots } from './resource';
import { batchView, isTerminal, type BatchesState, type BatchJob } from './store';
import { notifyWhenEnded, webhookOf } from './webhooks';
import { generationModel } from '../generate/generation';
import { badRequest, GoogleApiError, notFound } from '../server/google-errors';
import { sendJson, sleep, type Exchange } from '../server/http-util';
import { readJsonBody } from '../server/json-body';
import { bareModelId } from '../models/table';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

function batchNotFound(): GoogleApiError {
	return notFound('Requested entity was not found.');
}

function jobOf(state: BatchesState, id: string): BatchJob {
	const job = state.batches.get(id);
	if (!job) throw batchNotFound();
	return job;
}

function inputFileEntries(state: BatchesState, fileName: string): BatchEntry[] {
	const file = state.files.lookup(fileName);
	if (!file) {
		throw new GoogleApiError(
			403,
			'PERMISSION_DENIED',
			`You do not have permission to access the File ${fileName.slice('files/'.length)} or it may not exist.`,
		);
	}
	if (file.state !== 'ACTIVE') {
		throw new GoogleApiError(
			400,
			'FAILED_PRECONDITION',
			`The file ${fileName} is not ACTIVE (its state is ${file.state}) and cannot be used as batch input.`,
		);
	}
	const entries = readJsonlEntries(file.bytes);
	if (entries.length === 0) throw badRequest(`The input file ${fileName} has no requests.`);
	return entries;
}

export async function handleCreateBatch(
	ex: Exchange,
	state: BatchesState,
	apiVersion: string,
	modelName: string,
): Promise<void> {
	const body = await readJsonBody(ex);
	if (!(await sleep(state.latencyMs, ex.signal))) return;
	const model = generationModel(modelName, state, apiVersion, (id) =>
		notFound(
			`models/${id} is not found for API version ${apiVersion}, or is not supported for batchGenerateContent. Call ListModels to see the list of available models and their supported methods.`,
		),
	);
	const bodyBytes = ex.record?.bodyBytes ?? Buffer.byteLength(JSON.stringify(body ?? {}));
	const input = readBatchBody(body, bodyBytes);
	const entries = input.inline ?? inputFileEntries(state, input.fileName ?? '');
	const { prepared, slowMs } = prepareEntries(state, model, entries);
	const store = state.batches;
	let building: Promise<void> | undefined;
	const job: BatchJob = store.add({
		id: store.newId(),
		model: bareModelId(modelName),
		displayName: input.displayName,
		inputFile: input.fileName,
		requestCount: entries.length,
		createdAt: Date.now(),
		pendingMs: store.pendingMs,
		runMs: store.runMs + slowMs,
		build: () => (building ??= buildResults(job, prepared, state)),
	});
	notifyWhenEnded(state, job, webhookOf(body));
	sendJson(ex, 200, batchOperation(job, new Slots()));
}

export async function handleGetBatch(ex: Exchange, state: BatchesState, id: string): Promise<void> {
	const job = jobOf(state, id);
	const slots = new Slots();
	await sendWithSlots(ex, batchOperation(job, slots), slots, state.batches.inlineGetLimitBytes);
}

function pageSize(ex: Exchange): number {
	const raw = ex.url.searchParams.get('pageSize') ?? ex.url.searchParams.get('page_size');
	if (raw === null || raw === '') return DEFAULT_PAGE_SIZE;
	const size = Number(raw);
	if (!Number.isInteger(size) || size < 0) {
		throw badRequest(`Invalid value at 'page_size' (TYPE_INT32), "${raw}"`);
	}
	return size === 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
}

function pageStart(ex: Exchange): number {
	const token = ex.url.searchParams.get('pageToken') ?? ex.url.searchParams.get('page_token');
	if (!token) return 0;
	const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	if (!match) throw badRequest('Invalid page token.');
	return Number(match[1]);
}

export async function handleListBatches(ex: Exchange, state: BatchesState): Promise<void> {
	const size = pageSize(ex);
	const start = pageStart(ex);
	const jobs = state.batches.list();
	const slots = new Slots();
	const now = Date.now();
	const page = jobs.slice(start, start + size).map((job) => batchOperation(job, slots, now));
	const answer: Record<string, unknown> = {};
	if (page.length > 0) answer.operations = page;
	if (start + size < jobs.length) {
		answer.nextPageToken = Buffer.from(`offset:${start + size}`).toString('base64url');
	}
	await sendWithSlots(ex, answer, slots, state.batches.inlineGetLimitBytes);
}

export function handleCancelBatch(ex: Exchange, state: BatchesState, id: string): void {
	const job = jobOf(state, id);
	const { state: current } = batchView(job);
	if (isTerminal(current)) {
		throw new GoogleApiError(
			400,
			'FAILED_PRECONDITION',
			`Batch batches/${id} is already ${current} and cannot be cancelled.`,
		);
	}
	state.batches.fix(job, 'BATCH_STATE_CANCELLED');
	sendJson(ex, 200, {});
}

export function handleDeleteBatch(ex: Exchange, state: BatchesState, id: string): void {
	if (!state.batches.delete(id)) throw batchNotFound();
	sendJson(ex, 200, {});
}
