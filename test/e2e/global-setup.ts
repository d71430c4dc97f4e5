import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CREDENTIAL_TYPE } from '../../scripts/n8n/examples';
import { installPackageIntoN8n } from '../../scripts/n8n/install-package';
import { say, seconds, step } from '../../scripts/n8n/log';
import { buildAndPack } from '../../scripts/n8n/package-tarball';
import { freePort } from '../../scripts/n8n/ports';
import { ensureN8nRuntime } from '../../scripts/n8n/runtime';
import { startSimulatorProcess } from '../../scripts/n8n/simulator-process';
import { SIMULATOR_HANDLE } from './support/simulator-handle';
import { STATE_ENV, suiteN8n, type E2eState } from './support/state';

/**
 * Prepares what every case uses: the package built, packed and installed into a fresh n8n user
 * folder as users install it, the cached n8n, the simulator, and a credential pointing at it.
 */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	console.log('');
	// Real path: n8n refuses file access through a symlinked folder.
	const root = realpathSync(mkdtempSync(join(tmpdir(), 'gemini-image-e2e-')));
	const logFolder = join(root, 'logs');
	const filesFolder = join(root, 'files');
	mkdirSync(logFolder, { recursive: true });
	mkdirSync(filesFolder, { recursive: true });
	say(`End-to-end folder: ${root}`);

	const tarball = await buildAndPack(join(root, 'package'));
	const runtime = await ensureN8nRuntime();
	const userFolder = join(root, 'n8n-user');
	await installPackageIntoN8n(runtime, userFolder, tarball);

	const simulator = await step('Starting the Gemini API simulator', () =>
		startSimulatorProcess(0, join(logFolder, 'simulator.log')),
	);
	(globalThis as Record<string, unknown>)[SIMULATOR_HANDLE] = simulator;

	const state: E2eState = {
		root,
		runtime,
		userFolder,
		filesFolder,
		logFolder,
		brokerPort: await freePort(),
		simulator: { baseUrl: simulator.baseUrl, apiKey: simulator.apiKey },
		credential: { id: 'e2eSimulatorCred', name: 'Gemini Image API (simulator)' },
	};
	await step('Importing the credential', () =>
		suiteN8n(state).importCredentials([
			{
				...state.credential,
				type: CREDENTIAL_TYPE,
				data: { apiKey: simulator.apiKey, baseUrl: simulator.baseUrl, apiVersion: 'v1beta' },
			},
		]),
	);

	const statePath = join(root, 'state.json');
	writeFileSync(statePath, JSON.stringify(state, null, '\t'));
	process.env[STATE_ENV] = statePath;
	say(`End-to-end setup done in ${seconds(startedAt)}`);
}
