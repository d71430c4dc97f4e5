import { join } from 'node:path';

import { say, seconds, step } from '../../scripts/n8n/log';
import { CURRENT_LINE } from '../../scripts/n8n/lines';
import { buildAndPack } from '../../scripts/n8n/package-tarball';
import { freePort } from '../../scripts/n8n/ports';
import { startSimulatorProcess } from '../../scripts/n8n/simulator-process';
import {
	createSuiteFolder,
	n8nWithPackage,
	publishState,
	simulatorCredential,
} from '../support/suite';
import { SIMULATOR_HANDLE } from './support/simulator-handle';
import { STATE_ENV, suiteN8n, type E2eState } from './support/state';

/**
 * Prepares what every case uses: the package built, packed and installed into a fresh n8n user
 * folder as users install it, the cached n8n, the simulator, and a credential pointing at it.
 */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	console.log('');
	const { root, logFolder, filesFolder } = createSuiteFolder('e2e');
	say(`End-to-end folder: ${root}`);

	const tarball = await buildAndPack(join(root, 'package'));
	const userFolder = join(root, 'n8n-user');
	const runtime = await n8nWithPackage(CURRENT_LINE, tarball, [userFolder]);

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
		suiteN8n(state).importCredentials([simulatorCredential(state.credential, state.simulator)]),
	);

	publishState(root, STATE_ENV, state);
	say(`End-to-end setup done in ${seconds(startedAt)}`);
}
