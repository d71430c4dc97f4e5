import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CURRENT_LINE } from '../../scripts/n8n/lines';
import { say, seconds, step } from '../../scripts/n8n/log';
import { buildAndPack } from '../../scripts/n8n/package-tarball';
import { freePort } from '../../scripts/n8n/ports';
import { logTail, startMain, startWorker, waitUntilAnswering } from '../../scripts/queue/n8n-queue';
import { ProcessGroups } from '../../scripts/queue/process-groups';
import { ensureQueueServices, startPostgres, startRedis } from '../../scripts/queue/services';
import { RestSession } from '../e2e/support/rest-session';
import {
	createSuiteFolder,
	n8nWithPackage,
	publishState,
	removeSuiteFolder,
	simulatorCredential,
} from '../support/suite';
import { GROUPS_HANDLE, killOnInterrupt, stopEverything } from './support/lifecycle';
import {
	KEEP_ENV,
	LATENCY_MS,
	LOCK_SETTINGS,
	WORKER_CONCURRENCY,
	WORKER_NAMES,
} from './support/settings';
import { startSimulator } from './support/simulator';
import { n8nFor, STATE_ENV, type QueueState, type WorkerState } from './support/state';
import {
	batchCollectWorkflow,
	batchesWorkflow,
	batchSubmitWorkflow,
	batchTriggeredWorkflow,
	fanOutWorkflow,
	FOLDERS,
	refineWorkflow,
	interactStartWorkflow,
	interactRefineWorkflow,
	scheduledWorkflow,
} from './support/workflows';

/**
 * Starts a queue-mode n8n on loopback: Redis, PostgreSQL 15, the Gemini API simulator, an n8n
 * main and two workers (each with its own user folder and the package installed as users
 * install it), a credential pointing at the simulator and the cases' workflows.
 */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	console.log('');
	const binaries = await ensureQueueServices();

	const { root, logFolder, filesFolder } = createSuiteFolder('queue', Object.values(FOLDERS));
	// Traversable by PostgreSQL's unprivileged user, which keeps its data in a subfolder.
	chmodSync(root, 0o711);
	say(`Queue-mode folder: ${root}`);

	const groups = new ProcessGroups(join(root, 'process-groups'));
	groups.startReaper(process.env[KEEP_ENV] === '1' ? undefined : root);
	killOnInterrupt(groups);
	(globalThis as Record<string, unknown>)[GROUPS_HANDLE] = groups;

	try {
		const [redisPort, postgresPort] = [await freePort(), await freePort()];
		const userFolders = ['main', ...WORKER_NAMES].map((name) => join(root, name));
		const [runtime, redis, postgres, simulator] = await Promise.all([
			step('The package, installed into the main and both workers', async () =>
				n8nWithPackage(CURRENT_LINE, await buildAndPack(join(root, 'package')), userFolders),
			),
			step(`Redis on port ${redisPort}`, () =>
				startRedis(groups, binaries, join(root, 'redis'), redisPort),
			),
			startPostgres(groups, binaries, join(root, 'postgres'), postgresPort),
			step(`Gemini API simulator (latency ${LATENCY_MS} ms)`, () =>
				startSimulator(groups, LATENCY_MS, join(logFolder, 'simulator.log')),
			),
		]);

		const base = {
			runtime,
			filesFolder,
			queue: {
				redisPort,
				postgres: postgres.address,
				encryptionKey: randomBytes(24).toString('base64url'),
			},
			sharedEnv: { ...LOCK_SETTINGS },
		};
		const main = {
			name: 'main',
			userFolder: userFolders[0],
			port: await freePort(),
			brokerPort: await freePort(),
			logFile: join(logFolder, 'main.log'),
		};
		const workers: Array<Omit<WorkerState, 'pid'>> = [];
		for (const [index, name] of WORKER_NAMES.entries()) {
			workers.push({
				name,
				userFolder: userFolders[index + 1],
				port: await freePort(),
				brokerPort: await freePort(),
				healthPort: await freePort(),
				concurrency: WORKER_CONCURRENCY,
				logFile: join(logFolder, `${name}.log`),
			});
		}
		const mainN8n = n8nFor(base, main);
		const credential = { id: 'queueSimulatorCred', name: 'Gemini Image API (simulator)' };
		await step('Importing the credential (creates the schema in PostgreSQL)', () =>
			mainN8n.importCredentials([simulatorCredential(credential, simulator)]),
		);
		await step('Importing the workflows', () =>
			mainN8n.importWorkflows([
				fanOutWorkflow(credential, join(filesFolder, FOLDERS.fanOut)),
				scheduledWorkflow(credential, join(filesFolder, FOLDERS.scheduled)),
				refineWorkflow(credential, join(filesFolder, FOLDERS.refine)),
				batchesWorkflow(credential, join(filesFolder, FOLDERS.batches)),
				interactStartWorkflow(credential, join(filesFolder, FOLDERS.interactions)),
				interactRefineWorkflow(credential, join(filesFolder, FOLDERS.interactions)),
				batchSubmitWorkflow(credential),
				batchCollectWorkflow(credential, join(filesFolder, FOLDERS.batchJob)),
				batchTriggeredWorkflow(credential),
			]),
		);

		const mainProcess = startMain(groups, mainN8n, main.logFile);
		const workerProcesses = workers.map((worker) =>
			startWorker(
				groups,
				worker.name,
				n8nFor(base, worker, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(worker.healthPort),
				}),
				worker.concurrency,
				worker.logFile,
			),
		);
		await step('Starting the n8n main and two workers', () =>
			Promise.all([
				waitUntilAnswering(mainProcess, `http://127.0.0.1:${main.port}/healthz/readiness`),
				...workers.map((worker, index) =>
					waitUntilAnswering(
						workerProcesses[index],
						`http://127.0.0.1:${worker.healthPort}/healthz/readiness`,
					),
				),
			]),
		);

		const owner = { email: 'owner@example.com', password: 'Queue-Passw0rd!' };
		await new RestSession(`http://127.0.0.1:${main.port}`).setUpOwnerAndLogIn(
			owner.email,
			owner.password,
		);

		const state: QueueState = {
			root,
			...base,
			logFolder,
			resultsFile: join(root, 'results.jsonl'),
			main: { ...main, pid: mainProcess.pid },
			workers: workers.map((worker, index) => ({ ...worker, pid: workerProcesses[index].pid })),
			simulator: {
				baseUrl: simulator.baseUrl,
				apiKey: simulator.apiKey,
				latencyMs: LATENCY_MS,
				pid: simulator.process.pid,
			},
			credential,
			owner,
			redis: { port: redisPort, pid: redis.process.pid },
			postgres: { port: postgresPort, pid: postgres.process.pid },
		};
		writeFileSync(state.resultsFile, '');
		publishState(root, STATE_ENV, state);
		say(`Queue-mode setup done in ${seconds(startedAt)}`);
	} catch (error) {
		await stopEverything(groups);
		for (const log of [
			...readdirSync(logFolder).map((name) => join(logFolder, name)),
			join(root, 'redis', 'redis.log'),
			join(root, 'postgres', 'postgres.log'),
		]) {
			if (existsSync(log)) say(`Queue-mode setup failed; end of ${log}:\n${logTail(log, 20)}`);
		}
		removeSuiteFolder(root, KEEP_ENV);
		throw error;
	}
}
