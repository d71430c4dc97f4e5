import { join } from 'node:path';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import type { PostgresClient } from '../../../scripts/queue/services';
import type { RestSession } from '../../e2e/support/rest-session';
import { listFiles, readImageFile } from '../../e2e/support/files';
import { expectedPixelSize } from '../../simulator';
import {
	isTerminal,
	lastExecutionId,
	nodeItems,
	runDataOf,
	throughputOf,
	waitForExecutions,
	type ExecutionRow,
	type Throughput,
} from './executions';
import { mainUrl, type QueueState } from './state';
import { ASPECT_RATIO, EDIT_PREFIX, MODEL, promptsForCall } from './workflows';

/** Every generated and edited image: the model's 1K size at the workflow's aspect ratio. */
export const IMAGE_SIZE = expectedPixelSize(MODEL, ASPECT_RATIO, '1K');

/**
 * Publishes a workflow through the REST API, as the editor's Publish button does, and waits until
 * n8n has applied it: n8n 2.x answers at once and registers webhooks and triggers through its
 * publication outbox moments later (a webhook called in between answers 404).
 */
export async function activateWorkflow(
	rest: RestSession,
	db: PostgresClient,
	id: string,
): Promise<void> {
	const { data } = await rest.request<{ data: { active: boolean; versionId: string } }>(
		'GET',
		`/rest/workflows/${id}`,
	);
	if (data.active) return;
	const after = await lastOutboxId(db);
	await rest.request('POST', `/rest/workflows/${id}/activate`, { versionId: data.versionId });
	await waitForPublication(db, id, after);
}

/** Unpublishes a workflow (its triggers stop) and waits until n8n has applied it. */
export async function deactivateWorkflow(
	rest: RestSession,
	db: PostgresClient,
	id: string,
): Promise<void> {
	const after = await lastOutboxId(db);
	await rest.request('POST', `/rest/workflows/${id}/deactivate`, {});
	await waitForPublication(db, id, after);
}

async function lastOutboxId(db: PostgresClient): Promise<number> {
	return Number(await db.query('select coalesce(max(id), 0) from workflow_publication_outbox'));
}

async function waitForPublication(db: PostgresClient, id: string, afterId: number): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const rows = await db.queryJson<Array<{ status: string; errorMessage: string | null }>>(
			`select coalesce(json_agg(o order by o.id), '[]') from (
				select id, status, "errorMessage" from workflow_publication_outbox
				where "workflowId" = '${id}' and id > ${afterId}
			) o`,
		);
		const last = rows[rows.length - 1];
		if (last?.status === 'completed') return;
		if (last && ['failed', 'partial_success'].includes(last.status)) {
			throw new Error(`Publishing ${id} ended "${last.status}": ${last.errorMessage}`);
		}
		if (Date.now() > deadline) {
			throw new Error(`Publishing ${id} did not complete in 60 s (${last?.status ?? 'no entry'})`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** POSTs JSON to a production webhook; the workflows answer at once ("Workflow was started"). */
export async function callWebhook(state: QueueState, path: string, body: unknown): Promise<void> {
	const response = await fetch(`${mainUrl(state)}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (response.status !== 200) {
		throw new Error(`POST /webhook/${path} answered ${response.status}: ${await response.text()}`);
	}
}

export interface Batch {
	rows: ExecutionRow[];
	throughput: Throughput;
	/** The prompts each call sent, by call label. */
	prompts: Map<string, string[]>;
}

/**
 * One webhook call per label, all at once, each carrying `promptsPerCall` prompts; waits until
 * every execution they made has ended and measures items per minute over the whole batch.
 */
export async function runBatch(
	state: QueueState,
	db: PostgresClient,
	workflow: { id: string; path: string },
	labels: string[],
	promptsPerCall: number,
	timeoutMs = 240_000,
): Promise<Batch> {
	const after = await lastExecutionId(db);
	const prompts = new Map(labels.map((label) => [label, promptsForCall(label, promptsPerCall)]));
	await Promise.all(
		labels.map((label) =>
			callWebhook(state, workflow.path, { call: label, prompts: prompts.get(label) }),
		),
	);
	const rows = await waitForExecutions(
		db,
		workflow.id,
		(found) => found.length === labels.length && found.every(isTerminal),
		timeoutMs,
		after,
	);
	return { rows, throughput: throughputOf(rows, promptsPerCall), prompts };
}

export interface FanOutCheck {
	label: string;
	prompts: string[];
	generated: INodeExecutionData[];
	edited: INodeExecutionData[];
	written: INodeExecutionData[];
	/** The files the execution wrote, named `e<execution id>-...`. */
	files: string[];
}

/**
 * Reads one fan-out execution back from PostgreSQL and checks it item by item: Generate and Edit
 * each gave one item per prompt, each paired with its input, in order, with its image stored in
 * the database binary mode; Write file wrote every edited image, each a complete JPEG of the
 * right size.
 */
export async function checkFanOutExecution(
	db: PostgresClient,
	folder: string,
	executionId: number,
): Promise<FanOutCheck> {
	const data = await runDataOf(db, executionId);
	expect(data.resultData.error).toBeUndefined();
	const [request] = nodeItems(data, 'Webhook');
	const body = request.json.body as { call: string; prompts: string[] };
	const prompts = body.prompts;

	const generated = nodeItems(data, 'Generate');
	const edited = nodeItems(data, 'Edit');
	const written = nodeItems(data, 'Write file');
	for (const [name, items] of [
		['Generate', generated],
		['Edit', edited],
		['Write file', written],
	] as const) {
		expect({ node: name, count: items.length }).toEqual({ node: name, count: prompts.length });
	}
	prompts.forEach((prompt, index) => {
		const made = generated[index];
		const changed = edited[index];
		expect(made.pairedItem).toEqual({ item: index });
		expect(changed.pairedItem).toEqual({ item: index });
		expect(written[index].pairedItem).toEqual({ item: index });
		expect(made.json).toMatchObject({ prompt, mimeType: 'image/jpeg', ...IMAGE_SIZE });
		expect(changed.json).toMatchObject({
			prompt: EDIT_PREFIX + prompt,
			mimeType: 'image/jpeg',
			...IMAGE_SIZE,
		});
		for (const item of [made, changed]) {
			const conversation = item.json.conversation as { turns: number } | undefined;
			expect(conversation?.turns).toBe(2);
			expect((item.binary?.conversation as IBinaryData | undefined)?.id).toMatch(/^database:/);
			const binary = item.binary?.data as IBinaryData | undefined;
			expect(binary?.id).toMatch(/^database:/);
		}
	});

	const files = listFiles(folder).filter((name) => name.startsWith(`e${executionId}-`));
	expect(files).toEqual(
		edited.map((item) => `e${executionId}-${String(item.json.fileName)}`).sort(),
	);
	for (const name of files) {
		expect(readImageFile(join(folder, name))).toMatchObject({ type: 'jpg', ...IMAGE_SIZE });
	}
	return { label: body.call, prompts, generated, edited, written, files };
}
