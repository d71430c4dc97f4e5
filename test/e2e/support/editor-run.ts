import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { IRun } from 'n8n-workflow';

import type { N8nInstance } from '../../../scripts/n8n/n8n-instance';
import { freePort } from '../../../scripts/n8n/ports';
import { RestSession } from './rest-session';
import { suiteN8n, type E2eState } from './state';

/** A running `n8n start` on the suite's user folder, and a session logged in as its owner. */
export interface Editor {
	n8n: N8nInstance;
	rest: RestSession;
	stop(): Promise<void>;
}

const OWNER = { email: 'examples-owner@example.com', password: 'E2e-Examples-Passw0rd!' };

/**
 * Starts `n8n start` and logs in as the editor does. Other files set up the instance owner
 * themselves (n8n-server), and a second setup is refused: so the owner is reset to n8n's
 * unclaimed shell (`n8n user-management:reset`, which keeps workflows and credentials) before
 * this one claims it, and again once the server stopped, whichever file runs first.
 */
export async function openEditor(state: E2eState, logName: string): Promise<Editor> {
	const n8n = suiteN8n(state, { port: await freePort(), brokerPort: await freePort() });
	await n8n.command(['user-management:reset']);
	const server: ChildProcess = n8n.startServer(join(state.logFolder, logName));
	try {
		await n8n.waitUntilHealthy(server);
		const rest = new RestSession(n8n.baseUrl);
		await rest.setUpOwnerAndLogIn(OWNER.email, OWNER.password);
		return {
			n8n,
			rest,
			stop: async () => {
				await n8n.stopServer(server);
				await n8n.command(['user-management:reset']);
			},
		};
	} catch (error) {
		await n8n.stopServer(server);
		await n8n.command(['user-management:reset']);
		throw error;
	}
}

/** A run read back from n8n's REST API: the execution's id and mode beside the usual fields. */
export type EditorRun = IRun & { id: string };

interface FlattedExecution {
	id: string;
	mode: IRun['mode'];
	status: IRun['status'];
	finished: boolean;
	startedAt: string;
	stoppedAt?: string;
	/** The run data, serialised with `flatted` (n8n's own format for it). */
	data: string;
}

const UNFINISHED = new Set(['new', 'running', 'waiting']);

/**
 * What the editor's split button "Execute workflow from <trigger>" does: `POST
 * /rest/workflows/<id>/run` with `triggerToStartFrom`, the workflow as saved. The trigger runs in
 * manual mode (a Schedule Trigger fires at once) and only its branch runs. The run is then read
 * back as the editor reads a past execution (`GET /rest/executions/<id>`).
 */
export async function executeFromTrigger(
	rest: RestSession,
	workflowId: string,
	triggerName: string,
	timeoutMs = 180_000,
): Promise<EditorRun> {
	const { data: started } = await rest.request<{
		data: { executionId?: string; waitingForWebhook?: boolean };
	}>('POST', `/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	if (!started.executionId) {
		throw new Error(`n8n started no execution from "${triggerName}": ${JSON.stringify(started)}`);
	}
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await rest
			.request<{ data: FlattedExecution }>('GET', `/rest/executions/${started.executionId}`)
			.then((answer) => answer.data)
			.catch((error: Error) => {
				// Not saved yet: n8n stores a manual execution once it has started.
				if (error.message.includes('answered 404')) return undefined;
				throw error;
			});
		if (execution && !UNFINISHED.has(execution.status)) {
			return {
				id: execution.id,
				mode: execution.mode,
				status: execution.status,
				finished: execution.finished,
				startedAt: new Date(execution.startedAt),
				stoppedAt: execution.stoppedAt ? new Date(execution.stoppedAt) : undefined,
				data: parseFlatted(execution.data) as IRun['data'],
			} as EditorRun;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`Execution ${started.executionId} from "${triggerName}" was still ${execution?.status ?? 'unsaved'} after ${timeoutMs / 1000} s`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * `flatted`'s parse, which n8n uses for execution data: a JSON array whose first entry is the
 * value; every string inside an object or array is the index of the entry it stands for (strings
 * themselves included), so shared and circular references survive.
 */
export function parseFlatted(text: string): unknown {
	const entries = JSON.parse(text, (_, value: unknown) =>
		typeof value === 'string' ? new String(value) : value,
	) as unknown[];
	const input = entries.map((entry) => (entry instanceof String ? String(entry) : entry));
	const revived = new Set<unknown>();
	const pending: Array<Record<string, unknown>> = [];
	const revive = (holder: Record<string, unknown>) => {
		for (const key of Object.keys(holder)) {
			const value = holder[key];
			if (!(value instanceof String)) continue;
			const target = input[Number(value)];
			holder[key] = target;
			if (typeof target === 'object' && target !== null && !revived.has(target)) {
				revived.add(target);
				pending.push(target as Record<string, unknown>);
			}
		}
	};
	const root = input[0];
	if (typeof root !== 'object' || root === null) return root;
	revived.add(root);
	pending.push(root as Record<string, unknown>);
	while (pending.length > 0) revive(pending.pop() as Record<string, unknown>);
	return root;
}
