import { say } from '../../scripts/n8n/log';
import type { RunningSimulator } from '../../scripts/n8n/simulator-process';
import { SIMULATOR_HANDLE } from '../e2e/support/simulator-handle';
import { readCaseResults, removeSuiteFolder } from '../support/suite';
import { loadState, type CellResult } from './support/state';

/**
 * Prints the table (case x n8n version: pass with what it made, or FAIL with why), stops the
 * simulator and removes the suite's folder (kept with GEMINI_IMAGE_COMPAT_KEEP=1).
 */
export default async function globalTeardown(): Promise<void> {
	const simulator = (globalThis as Record<string, unknown>)[SIMULATOR_HANDLE] as
		RunningSimulator | undefined;
	await simulator?.stop();
	const state = loadState();
	const cells = readCaseResults(state.resultsFile) as unknown as CellResult[];
	say(
		`Compatibility (n8n line x case):\n${table(
			state.lines.map((line) => line.label),
			cells,
		)}`,
	);
	removeSuiteFolder(state.root, 'GEMINI_IMAGE_COMPAT_KEEP');
}

function table(lines: string[], cells: CellResult[]): string {
	const cases = [...new Set(cells.map((c) => c.case))];
	const rows = cases.map((name) => [
		name,
		...lines.map((line) => {
			const found = cells.find((c) => c.case === name && c.line === line);
			if (!found) return 'not run';
			return `${found.passed ? 'pass' : 'FAIL'}: ${found.detail} (${found.seconds} s)`;
		}),
	]);
	const header = ['case', ...lines];
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
	const format = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [
		format(header),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...rows.map(format),
	].join('\n');
}
