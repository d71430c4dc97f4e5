import { rmSync } from 'node:fs';

import { say } from '../../scripts/n8n/log';
import type { RunningSimulator } from '../../scripts/n8n/simulator-process';
import { SIMULATOR_HANDLE } from './support/simulator-handle';
import { loadState } from './support/state';

/** Stops the simulator and removes the suite's folder (kept with GEMINI_IMAGE_E2E_KEEP=1). */
export default async function globalTeardown(): Promise<void> {
	const simulator = (globalThis as Record<string, unknown>)[SIMULATOR_HANDLE] as
		RunningSimulator | undefined;
	await simulator?.stop();
	const { root } = loadState();
	if (process.env.GEMINI_IMAGE_E2E_KEEP === '1') {
		say(`Kept the end-to-end folder: ${root}`);
	} else {
		rmSync(root, { recursive: true, force: true });
	}
}
