import { say } from '../../scripts/n8n/log';
import type { ProcessGroups } from '../../scripts/queue/process-groups';
import { GROUPS_HANDLE, stopEverything } from './support/lifecycle';
import { KEEP_ENV } from './support/settings';
import { readCaseResults, removeSuiteFolder } from '../support/suite';
import { loadState } from './support/state';

/**
 * Prints the measured figures, stops every service and removes the suite's folder (kept with
 * GEMINI_IMAGE_QUEUE_KEEP=1).
 */
export default async function globalTeardown(): Promise<void> {
	const groups = (globalThis as Record<string, unknown>)[GROUPS_HANDLE] as
		ProcessGroups | undefined;
	const state = loadState();
	printResults(state.resultsFile);
	if (groups) await stopEverything(groups);
	removeSuiteFolder(state.root, KEEP_ENV);
}

function printResults(resultsFile: string): void {
	const results = readCaseResults(resultsFile);
	if (results.length === 0) return;
	say('Queue-mode results:');
	for (const { case: name, seconds, ...figures } of results) {
		const details = Object.entries(figures)
			.map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
			.join(' ');
		say(`  ${name}: ${seconds} s ${details}`);
	}
}
