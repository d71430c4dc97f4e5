import { readFileSync } from 'node:fs';

import type { INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import { postgresClient, type PostgresClient } from '../../../scripts/queue/services';
import type { QueueState } from './state';

/** One row of n8n's `execution_entity` table. */
export interface ExecutionRow {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

const TERMINAL = new Set(['success', 'error', 'crashed', 'canceled']);

export function isTerminal(row: ExecutionRow): boolean {
	return TERMINAL.has(row.status);
}

export function database(state: QueueState): PostgresClient {
	return postgresClient(state.queue.postgres);
}

/** The executions of a workflow with an id above `afterId`, oldest first. */
export async function executionsOf(
	db: PostgresClient,
	workflowId: string,
	afterId = 0,
): Promise<ExecutionRow[]> {
	return await db.queryJson<ExecutionRow[]>(
		`select coalesce(json_agg(e order by e.id), '[]') from (
			select id, "workflowId", status, mode, finished, "createdAt", "startedAt", "stoppedAt"
			from execution_entity where "workflowId" = '${workflowId}' and id > ${afterId}
		) e`,
	);
}

export async function lastExecutionId(db: PostgresClient): Promise<number> {
	return Number(await db.query('select coalesce(max(id), 0) from execution_entity'));
}

/** Polls until `done` accepts the workflow's executions (above `afterId`), or the time is up. */
export async function waitForExecutions(
	db: PostgresClient,
	workflowId: string,
	done: (rows: ExecutionRow[]) => boolean,
	timeoutMs: number,
	afterId = 0,
): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await executionsOf(db, workflowId, afterId);
		if (done(rows)) return rows;
		if (Date.now() > deadline) {
			const seen = rows.map((row) => `${row.id}:${row.status}`).join(', ') || 'none';
			throw new Error(`Waited ${timeoutMs / 1000} s for executions of ${workflowId}; saw ${seen}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The run data n8n stored for an execution (`execution_data.data`, in flatted form). */
export async function runDataOf(
	db: PostgresClient,
	executionId: number,
): Promise<IRunExecutionData> {
	const text = await db.query(
		`select data from execution_data where "executionId" = ${Number(executionId)}`,
	);
	if (!text) throw new Error(`Execution ${executionId} has no stored data`);
	return unflatten(text) as IRunExecutionData;
}

/** The items a node sent on one output, in its runs (`run` = which run; all runs when omitted). */
export function nodeItems(
	data: IRunExecutionData,
	nodeName: string,
	run?: number,
): INodeExecutionData[] {
	const runs = data.resultData.runData[nodeName];
	if (!runs) {
		const ran = Object.keys(data.resultData.runData).join(', ') || 'none';
		throw new Error(`Node "${nodeName}" did not run (ran: ${ran})`);
	}
	const chosen = run === undefined ? runs : [runs[run]];
	return chosen.flatMap((task) => task?.data?.main?.[0] ?? []);
}

/**
 * Reverses the `flatted` format n8n stores run data in: a JSON array whose first entry is the
 * root; inside objects and arrays every string is the index of the entry holding the value.
 */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Set<object>();
	const revive = (holder: Record<string, unknown>): void => {
		revived.add(holder);
		for (const key of Object.keys(holder)) {
			const reference = holder[key];
			if (typeof reference !== 'string') continue;
			const value = table[Number(reference)];
			holder[key] = value;
			if (value !== null && typeof value === 'object' && !revived.has(value)) {
				revive(value as Record<string, unknown>);
			}
		}
	};
	const root = table[0];
	if (root !== null && typeof root === 'object') revive(root as Record<string, unknown>);
	return root;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** The execution ids a worker's log says it started ("Worker started execution 12 (job 3)"). */
export function executionsStartedIn(logFile: string): number[] {
	const log = readFileSync(logFile, 'utf8').replace(ANSI, '');
	return [...log.matchAll(/Worker started execution (\d+) \(job/g)].map((match) =>
		Number(match[1]),
	);
}

/** Which worker started each execution, by name; an execution no worker started maps to none. */
export function workersByExecution(state: QueueState): Map<number, string[]> {
	const byExecution = new Map<number, string[]>();
	for (const worker of state.workers) {
		for (const id of executionsStartedIn(worker.logFile)) {
			byExecution.set(id, [...(byExecution.get(id) ?? []), worker.name]);
		}
	}
	return byExecution;
}

/** Whether the main's log shows it enqueued an execution (queue mode: it never runs one). */
export function mainEnqueued(state: QueueState, executionId: number): boolean {
	const log = readFileSync(state.main.logFile, 'utf8').replace(ANSI, '');
	return log.includes(`Enqueued execution ${executionId} (job`);
}

export function mainStarted(state: QueueState, executionId: number): boolean {
	const log = readFileSync(state.main.logFile, 'utf8').replace(ANSI, '');
	return new RegExp(`started execution ${executionId}\\b`, 'i').test(log);
}

export interface Throughput {
	items: number;
	executions: number;
	seconds: number;
	itemsPerMinute: number;
}

/** Items per minute from the first execution's creation to the last one's end. */
export function throughputOf(rows: ExecutionRow[], itemsPerExecution: number): Throughput {
	const first = Math.min(...rows.map((row) => Date.parse(row.createdAt)));
	const last = Math.max(...rows.map((row) => Date.parse(row.stoppedAt ?? row.createdAt)));
	const seconds = (last - first) / 1000;
	const items = rows.length * itemsPerExecution;
	return {
		items,
		executions: rows.length,
		seconds: Math.round(seconds * 10) / 10,
		itemsPerMinute: Math.round((items / seconds) * 60),
	};
}
