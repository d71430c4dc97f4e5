import { say } from '../../../scripts/n8n/log';
import { signalGroup, type ProcessGroups } from '../../../scripts/queue/process-groups';

/** Where the global setup leaves its process groups for the global teardown. */
export const GROUPS_HANDLE = '__geminiImageQueueGroups';

const N8N_SHUTDOWN_MS = 20_000;

/**
 * Stops every service of the run, in dependency order: the n8n processes (they finish or give
 * up their executions), then the simulator, then Redis and PostgreSQL. Every group gets SIGKILL
 * at the end, whatever it did with the first signal.
 */
export async function stopEverything(groups: ProcessGroups): Promise<void> {
	const running = groups.running();
	const isN8n = (name: string) => name.startsWith('n8n') || name.startsWith('worker');
	await Promise.all(
		running.filter((p) => isN8n(p.name)).map((p) => p.stop('SIGTERM', N8N_SHUTDOWN_MS)),
	);
	await Promise.all(running.filter((p) => p.name === 'simulator').map((p) => p.stop()));
	await Promise.all(
		running
			.filter((p) => p.name === 'redis' || p.name === 'postgres')
			// SIGINT is PostgreSQL's fast shutdown (SIGTERM waits for sessions to end).
			.map((p) => p.stop(p.name === 'postgres' ? 'SIGINT' : 'SIGTERM', 15_000)),
	);
	const left = groups.running();
	if (left.length > 0) say(`Still running after the stop: ${left.map((p) => p.name).join(', ')}`);
	groups.stopReaper();
}

/**
 * An interrupted run (Ctrl-C, SIGTERM from CI) kills its services at once, then dies of the same
 * signal. The reaper removes the folder a moment later.
 */
export function killOnInterrupt(groups: ProcessGroups): void {
	const onSignal = (signal: NodeJS.Signals) => {
		for (const service of groups.running()) signalGroup(service.pid, 'SIGKILL');
		process.removeAllListeners('SIGINT');
		process.removeAllListeners('SIGTERM');
		process.removeAllListeners('SIGHUP');
		process.kill(process.pid, signal);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
}
