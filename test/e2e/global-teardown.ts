import type { RunningSimulator } from '../../scripts/n8n/simulator-process';
import { removeSuiteFolder } from '../support/suite';
import { SIMULATOR_HANDLE } from './support/simulator-handle';
import { loadState } from './support/state';

/** Stops the simulator and removes the suite's folder (kept with GEMINI_IMAGE_E2E_KEEP=1). */
export default async function globalTeardown(): Promise<void> {
	const simulator = (globalThis as Record<string, unknown>)[SIMULATOR_HANDLE] as
		RunningSimulator | undefined;
	await simulator?.stop();
	removeSuiteFolder(loadState().root, 'GEMINI_IMAGE_E2E_KEEP');
}
