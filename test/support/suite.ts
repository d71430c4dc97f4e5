import {
	appendFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	realpathSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CREDENTIAL_TYPE, type CredentialReference } from '../../scripts/n8n/examples';
import { installPackageIntoN8n } from '../../scripts/n8n/install-package';
import type { CredentialExport } from '../../scripts/n8n/n8n-instance';
import { say } from '../../scripts/n8n/log';
import type { N8nLine } from '../../scripts/n8n/lines';
import { ensureN8nRuntime, type N8nRuntime } from '../../scripts/n8n/runtime';

/**
 * The set-up every suite that runs a real n8n shares (end-to-end, queue mode, compatibility):
 * its folder, the package installed as users install it, the credential pointing at the
 * simulator, the state handed from the global setup to the cases, and the clean-up.
 */

export interface SuiteFolder {
	/** A real path: n8n refuses file access through a symlinked folder. */
	root: string;
	logFolder: string;
	/** The only folder workflows may read and write (`N8N_RESTRICT_FILE_ACCESS_TO`). */
	filesFolder: string;
}

/** A fresh folder for one run of a suite, with its `logs` and `files` subfolders. */
export function createSuiteFolder(suite: string, filesSubfolders: string[] = []): SuiteFolder {
	const root = realpathSync(mkdtempSync(join(tmpdir(), `gemini-image-${suite}-`)));
	const logFolder = join(root, 'logs');
	const filesFolder = join(root, 'files');
	for (const folder of [
		logFolder,
		filesFolder,
		...filesSubfolders.map((f) => join(filesFolder, f)),
	]) {
		mkdirSync(folder, { recursive: true });
	}
	return { root, logFolder, filesFolder };
}

/** The cached n8n of a line, with the packed package installed in each of `userFolders`. */
export async function n8nWithPackage(
	line: N8nLine,
	tarball: string,
	userFolders: string[],
): Promise<N8nRuntime> {
	const runtime = await ensureN8nRuntime(process.env, line);
	await Promise.all(userFolders.map((folder) => installPackageIntoN8n(runtime, folder, tarball)));
	return runtime;
}

/** The Gemini API credential as `n8n import:credentials` reads it, pointed at the simulator. */
export function simulatorCredential(
	reference: CredentialReference,
	simulator: { baseUrl: string; apiKey: string },
): CredentialExport {
	return {
		...reference,
		type: CREDENTIAL_TYPE,
		data: { apiKey: simulator.apiKey, baseUrl: simulator.baseUrl, apiVersion: 'v1beta' },
	};
}

/** Writes the state for the cases and names it in `envName` (jest hands it to each file). */
export function publishState(root: string, envName: string, state: object): void {
	const statePath = join(root, 'state.json');
	writeFileSync(statePath, JSON.stringify(state, null, '\t'));
	process.env[envName] = statePath;
}

/** The state the global setup published; `command` is what runs the suite. */
export function loadSuiteState<State>(envName: string, command: string): State {
	const path = process.env[envName];
	if (!path || !existsSync(path))
		throw new Error(`${envName} is not set: run this suite with ${command}`);
	return JSON.parse(readFileSync(path, 'utf8')) as State;
}

/** Removes the suite's folder, or keeps it (logs, files, database) when `keepEnv` is `1`. */
export function removeSuiteFolder(root: string, keepEnv: string): void {
	if (process.env[keepEnv] === '1') say(`Kept ${root}`);
	else rmSync(root, { recursive: true, force: true });
}

/** What n8n logs when a community package, or one of its nodes, does not load. */
export const PACKAGE_LOAD_FAILURE =
	/Failed to load package|Skipping package|Unrecognized node type|Cannot find module|Error loading package/i;

/** One measured result of a case, a JSON line in the suite's results file. */
export interface CaseResult {
	case: string;
	seconds: number;
	[key: string]: unknown;
}

export function recordCaseResult(resultsFile: string, result: CaseResult): void {
	appendFileSync(resultsFile, JSON.stringify(result) + '\n');
}

export function readCaseResults(resultsFile: string): CaseResult[] {
	if (!existsSync(resultsFile)) return [];
	return readFileSync(resultsFile, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as CaseResult);
}
