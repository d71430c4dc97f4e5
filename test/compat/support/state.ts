import type { CredentialReference } from '../../../scripts/n8n/examples';
import { N8nInstance } from '../../../scripts/n8n/n8n-instance';
import type { N8nRuntime } from '../../../scripts/n8n/runtime';
import { loadSuiteState, recordCaseResult } from '../../support/suite';

/** One n8n line as the global setup prepared it: its runtime and a user folder of its own. */
export interface LineState {
	label: string;
	runtime: N8nRuntime;
	userFolder: string;
	/** The only folder its workflows may read and write. */
	filesFolder: string;
	brokerPort: number;
}

/** What the global setup prepared, handed to the cases through a JSON file. */
export interface CompatState {
	root: string;
	logFolder: string;
	resultsFile: string;
	simulator: { baseUrl: string; apiKey: string };
	/** The credential every workflow uses, pointed at the simulator. */
	credential: CredentialReference;
	lines: LineState[];
}

export const STATE_ENV = 'GEMINI_IMAGE_COMPAT_STATE';

export function loadState(): CompatState {
	return loadSuiteState<CompatState>(STATE_ENV, 'npm run test:compat');
}

export function lineN8n(line: LineState, port?: number): N8nInstance {
	return new N8nInstance(line.runtime, {
		userFolder: line.userFolder,
		filesFolder: line.filesFolder,
		brokerPort: line.brokerPort,
		port,
	});
}

/** A case's cell in the table: passed (with what it made) or failed (with why). */
export interface CellResult {
	case: string;
	line: string;
	seconds: number;
	passed: boolean;
	detail: string;
}

/**
 * Runs one case's checks and records its cell: `check` returns what the case made (an image's
 * size, say); a throw fails both the test and the cell.
 */
export async function cell(
	state: CompatState,
	line: LineState,
	name: string,
	check: () => Promise<string> | string,
): Promise<void> {
	const startedAt = Date.now();
	const record = (passed: boolean, detail: string) =>
		recordCaseResult(state.resultsFile, {
			case: name,
			line: line.label,
			seconds: Math.round((Date.now() - startedAt) / 100) / 10,
			passed,
			detail,
		});
	try {
		record(true, await check());
	} catch (error) {
		record(false, (error as Error).message.split('\n')[0].slice(0, 80));
		throw error;
	}
}
