import { join } from 'node:path';

import { CURRENT_LINE, PREVIOUS_LINE } from '../../scripts/n8n/lines';
import { say, seconds, step } from '../../scripts/n8n/log';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { buildAndPack } from '../../scripts/n8n/package-tarball';
import { freePort } from '../../scripts/n8n/ports';
import { startSimulatorProcess } from '../../scripts/n8n/simulator-process';
import { SIMULATOR_HANDLE } from '../e2e/support/simulator-handle';
import {
	createSuiteFolder,
	n8nWithPackage,
	publishState,
	simulatorCredential,
} from '../support/suite';
import { STATE_ENV, type CompatState, type LineState } from './support/state';

/** Oldest first: the table's columns. */
const LINES = [PREVIOUS_LINE, CURRENT_LINE];

/**
 * Builds and packs the package once, starts the simulator, and prepares each n8n line: its
 * cached n8n (installed on first use), a user folder with the package installed as the Community
 * Nodes installer does, and the credential.
 */
export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	console.log('');
	const { root, logFolder, filesFolder } = createSuiteFolder('compat');
	say(`Compatibility folder: ${root}`);
	const tarball = await buildAndPack(join(root, 'package'));

	const simulator = await step('Starting the Gemini API simulator', () =>
		startSimulatorProcess(0, join(logFolder, 'simulator.log')),
	);
	(globalThis as Record<string, unknown>)[SIMULATOR_HANDLE] = simulator;
	const credential = { id: 'compatSimulatorCred', name: 'Gemini Image API (simulator)' };

	const lines: LineState[] = [];
	for (const line of LINES) {
		const label = `n8n ${line.n8nVersion}`;
		const userFolder = join(root, `n8n-${line.n8nVersion}`);
		const runtime = await n8nWithPackage(line, tarball, [userFolder]);
		const prepared: LineState = {
			label,
			runtime,
			userFolder,
			filesFolder: join(filesFolder, `n8n-${line.n8nVersion}`),
			brokerPort: await freePort(),
		};
		await step(`${label}: importing the credential`, () =>
			new N8nInstance(runtime, prepared).importCredentials([
				simulatorCredential(credential, simulator),
			]),
		);
		lines.push(prepared);
	}

	const state: CompatState = {
		root,
		logFolder,
		resultsFile: join(root, 'results.jsonl'),
		simulator: { baseUrl: simulator.baseUrl, apiKey: simulator.apiKey },
		credential,
		lines,
	};
	publishState(root, STATE_ENV, state);
	say(`Compatibility setup done in ${seconds(startedAt)}`);
}
