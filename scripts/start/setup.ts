import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { CREDENTIAL_TYPE, loadExampleWorkflows } from '../n8n/examples';
import { say, step } from '../n8n/log';
import type { CredentialExport, N8nInstance } from '../n8n/n8n-instance';

const GOOGLE_BASE_URL = 'https://generativelanguage.googleapis.com';
const SIMULATOR_API_KEY = 'simulator-key';
const DEFAULT_SIMULATOR_PORT = 8787;

export interface ApiTarget {
	/** Said first, so it is clear which API the workflows will call. */
	description: string;
	summary: string;
	/** Set when the local simulator must run beside n8n. */
	simulatorPort?: number;
	credential: CredentialExport;
}

export function chooseApiTarget(env: NodeJS.ProcessEnv): ApiTarget {
	const apiKey = env.GEMINI_API_KEY?.trim();
	if (apiKey) {
		return {
			description:
				"GEMINI_API_KEY is set: workflows will call Google's Gemini API (billed to that key).",
			summary: `Google (${GOOGLE_BASE_URL}), credential "Gemini Image API (Google)"`,
			credential: {
				id: 'gemImgGoogleApi1',
				name: 'Gemini Image API (Google)',
				type: CREDENTIAL_TYPE,
				data: { apiKey, baseUrl: GOOGLE_BASE_URL, apiVersion: 'v1beta' },
			},
		};
	}
	const port = Number(env.SIMULATOR_PORT || DEFAULT_SIMULATOR_PORT);
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		description:
			'GEMINI_API_KEY is not set: workflows will call the local Gemini API simulator ' +
			`at ${baseUrl} (no Google account needed). Set GEMINI_API_KEY to use Google.`,
		summary: `local simulator (${baseUrl}), credential "Gemini Image API (local simulator)"`,
		simulatorPort: port,
		credential: {
			id: 'gemImgSimulator1',
			name: 'Gemini Image API (local simulator)',
			type: CREDENTIAL_TYPE,
			data: { apiKey: SIMULATOR_API_KEY, baseUrl, apiVersion: 'v1beta' },
		},
	};
}

interface ImportStamp {
	database: string;
	credential: string;
	examples: string;
}

/**
 * Imports the credential and the example workflows (their fixed ids make a re-import overwrite,
 * never duplicate). Skipped when neither changed since the last start, so edits made in the
 * editor survive a restart.
 */
export async function importCredentialAndExamples(
	n8n: N8nInstance,
	target: ApiTarget,
	filesFolder: string,
	localFolder: string,
): Promise<void> {
	const stampPath = join(localFolder, '.imported.json');
	const { id, name } = target.credential;
	const workflows = loadExampleWorkflows({ id, name }, filesFolder);
	const wanted = {
		credential: sha256(JSON.stringify(target.credential)),
		examples: sha256(JSON.stringify(workflows)),
	};
	const previous = readStamp(stampPath);
	const database = databaseIdentity(n8n);
	const sameDatabase = previous !== undefined && previous.database === database;

	if (sameDatabase && previous.credential === wanted.credential) {
		say(`Credential "${name}" is already imported`);
	} else {
		await step(`Importing the credential "${name}"`, () =>
			n8n.importCredentials([target.credential]),
		);
	}
	if (sameDatabase && previous.examples === wanted.examples) {
		say(`The ${workflows.length} example workflows are already imported`);
	} else {
		await step(`Importing ${workflows.length} example workflows`, () =>
			n8n.importWorkflows(workflows),
		);
	}
	const stamp: ImportStamp = { database: databaseIdentity(n8n), ...wanted };
	await writeFile(stampPath, JSON.stringify(stamp, null, '\t'));
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function readStamp(path: string): ImportStamp | undefined {
	if (!existsSync(path)) return undefined;
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as ImportStamp;
	} catch {
		return undefined;
	}
}

/** Changes when the database file is deleted and created anew. */
function databaseIdentity(n8n: N8nInstance): string {
	const path = join(n8n.settings.userFolder, '.n8n', 'database.sqlite');
	if (!existsSync(path)) return 'none';
	const { ino, birthtimeMs } = statSync(path);
	return `${ino}:${Math.round(birthtimeMs)}`;
}
