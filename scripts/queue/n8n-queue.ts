import { readFileSync } from 'node:fs';

import type { N8nInstance } from '../n8n/n8n-instance';
import type { GroupProcess, ProcessGroups } from './process-groups';
import type { PostgresAddress } from './services';

/** What every n8n process of one queue-mode installation shares. */
export interface QueueSettings {
	redisPort: number;
	postgres: PostgresAddress;
	/** One key for all: credentials are encrypted by one process and read by another. */
	encryptionKey: string;
}

/**
 * The environment of a queue-mode n8n (main, worker or CLI command): PostgreSQL, Redis as the
 * queue, binary data in the database so every process can read what another wrote.
 */
export function queueEnvironment(settings: QueueSettings): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(settings.postgres.port),
		DB_POSTGRESDB_USER: settings.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: settings.postgres.database,
		DB_POSTGRESDB_SCHEMA: 'public',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(settings.redisPort),
		N8N_ENCRYPTION_KEY: settings.encryptionKey,
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}

/** `n8n start`: the main process (editor, REST API, webhooks, triggers; enqueues executions). */
export function startMain(groups: ProcessGroups, n8n: N8nInstance, logFile: string): GroupProcess {
	return groups.spawn('n8n main', n8n.runtime.node, [n8n.runtime.n8n, 'start'], {
		cwd: n8n.settings.userFolder,
		env: n8n.env,
		logFile,
	});
}

/**
 * `n8n worker --concurrency=N`: takes executions from the queue, at most N at once. Its health
 * server must be on (`QUEUE_HEALTH_CHECK_ACTIVE`, `QUEUE_HEALTH_CHECK_PORT` in its environment).
 */
export function startWorker(
	groups: ProcessGroups,
	name: string,
	n8n: N8nInstance,
	concurrency: number,
	logFile: string,
): GroupProcess {
	return groups.spawn(
		name,
		n8n.runtime.node,
		[n8n.runtime.n8n, 'worker', `--concurrency=${concurrency}`],
		{ cwd: n8n.settings.userFolder, env: n8n.env, logFile },
	);
}

/** Polls `url` until it answers 200; fails early if the process exits. */
export async function waitUntilAnswering(
	service: GroupProcess,
	url: string,
	timeoutMs = 180_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!service.running) {
			throw new Error(`${service.name} exited before it was ready:\n${logTail(service.logFile)}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
			if (response.status === 200) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(
		`${service.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${logTail(service.logFile)}`,
	);
}

export function logTail(logFile: string, lines = 30): string {
	try {
		return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}
