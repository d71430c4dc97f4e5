import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CREDENTIAL_BLANKING_VALUE } from 'n8n-workflow';

import { GEMINI_IMAGE_NODE_TYPE, type CredentialReference } from '../../scripts/n8n/examples';
import type { WorkflowNode } from '../../scripts/n8n/n8n-instance';
import {
	createTestServiceAccount,
	deleteServiceAccountKey,
	type RecordedRequest,
	type ServiceAccountKey,
} from '../simulator';
import { manualTrigger, node, workflow, writeToFolder } from '../support/workflows';
import { openEditor, type Editor } from './support/editor-run';
import { listFiles, readImageFile } from './support/files';
import { readWholeJpeg } from './support/jpeg';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const VERTEX_CREDENTIAL_TYPE = 'geminiImageVertexApi';
const PROJECT = 'image-team-prod';
const WRONG_PROJECT = 'someone-elses-project';
const MODEL = 'gemini-3-pro-image';
const VERTEX_PATH = `/v1beta1/projects/${PROJECT}/locations/global/publishers/google/models/${MODEL}:generateContent`;

const GOOD_WORKFLOW_ID = 'e2eVertexGenerate01';
const REVOKED_WORKFLOW_ID = 'e2eVertexRevoked01';

interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The lines of a key's PEM body: none of them may show up anywhere n8n writes. */
function privateKeyLines(key: ServiceAccountKey): string[] {
	return key.private_key
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.length > 0 && !line.startsWith('-----'));
}

function expectNoPrivateKey(text: string, key: ServiceAccountKey, where: string): void {
	const leaked = privateKeyLines(key).filter((line) => text.includes(line));
	if (leaked.length > 0) {
		throw new Error(`${where} holds ${leaked.length} line(s) of the service account's private key`);
	}
	expect(text).not.toContain('PRIVATE KEY');
}

/** The log files n8n keeps in its user folder (its event log), read whole. */
function n8nLogFiles(userFolder: string): string {
	const folder = join(userFolder, '.n8n');
	if (!existsSync(folder)) return '';
	return readdirSync(folder)
		.filter((name) => name.endsWith('.log'))
		.map((name) => readFileSync(join(folder, name), 'utf8'))
		.join('\n');
}

/**
 * The node on Vertex AI in a real n8n: a service account's JSON key in the Vertex AI credential,
 * its token fetched from the key's token_uri, a 2K JPEG at quality 80 generated in the project and
 * written to disk; the credential test as the editor sends it, for a good key, a project the
 * account may not use and a revoked key; and what a run with the revoked key shows.
 */
describe('Vertex AI with a service account', () => {
	const state = loadState();
	const n8n = suiteN8n(state);
	const folder = join(state.filesFolder, 'vertex');
	const revokedFolder = join(state.filesFolder, 'vertex-revoked');
	const goodCredential: CredentialReference = {
		id: 'e2eVertexSaCred01',
		name: 'Gemini Image (Vertex AI) API (simulator)',
	};
	const revokedCredential: CredentialReference = {
		id: 'e2eVertexSaRevoked',
		name: 'Gemini Image (Vertex AI) API (revoked key)',
	};
	let account: ServiceAccountKey;
	let revoked: ServiceAccountKey;
	let good: WorkflowRun;
	let goodRequests: RecordedRequest[];
	let failed: WorkflowRun;
	let failedRequests: RecordedRequest[];

	const credentialData = (key: ServiceAccountKey) => ({
		authType: 'serviceAccount',
		// Pasted as the console downloads it: indented JSON.
		serviceAccountKey: JSON.stringify(key, null, 2),
		projectId: '',
		location: 'global',
		baseUrl: state.simulator.baseUrl,
		apiVersion: 'v1beta1',
	});

	const generateOnVertex = (credential: CredentialReference): WorkflowNode =>
		node(
			'Generate on Vertex AI',
			GEMINI_IMAGE_NODE_TYPE,
			1.2,
			{
				authentication: 'vertexAi',
				operation: 'generate',
				model: { __rl: true, mode: 'id', value: MODEL },
				prompt: 'A glass greenhouse on a rooftop at golden hour',
				options: { imageSize: '2K', outputFormat: 'image/jpeg', compressionQuality: 80 },
			},
			{ credentials: { [VERTEX_CREDENTIAL_TYPE]: credential } },
		);

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		mkdirSync(revokedFolder, { recursive: true });
		account = await createTestServiceAccount(state.simulator.baseUrl, { projectId: PROJECT });
		// A second key of the same account, deleted in the console before anyone used it.
		revoked = await createTestServiceAccount(state.simulator.baseUrl, {
			projectId: PROJECT,
			accountId: account.client_email.split('@')[0],
		});
		await deleteServiceAccountKey(state.simulator.baseUrl, revoked);

		await n8n.importCredentials([
			{ ...goodCredential, type: VERTEX_CREDENTIAL_TYPE, data: credentialData(account) },
			{ ...revokedCredential, type: VERTEX_CREDENTIAL_TYPE, data: credentialData(revoked) },
		]);
		await n8n.importWorkflows([
			workflow(GOOD_WORKFLOW_ID, 'e2e: Vertex AI generate 2K JPEG -> file', [
				manualTrigger('Run now'),
				generateOnVertex(goodCredential),
				writeToFolder('Write file', folder),
			]),
			workflow(REVOKED_WORKFLOW_ID, 'e2e: Vertex AI generate with a revoked key', [
				manualTrigger('Run now'),
				generateOnVertex(revokedCredential),
				writeToFolder('Write file', revokedFolder),
			]),
		]);

		const before = (await simulatorRequests(state)).length;
		good = await executeWorkflow(n8n, GOOD_WORKFLOW_ID);
		goodRequests = (await simulatorRequests(state)).slice(before);
		const beforeFailed = (await simulatorRequests(state)).length;
		failed = await executeWorkflow(n8n, REVOKED_WORKFLOW_ID);
		failedRequests = (await simulatorRequests(state)).slice(beforeFailed);
	});

	it('generates a 2048x2048 JPEG on Vertex AI and writes it to disk', () => {
		expect(good.output).not.toMatch(/Failed to load package|Unrecognized node type/i);
		expect(good.run.status).toBe('success');
		expect(good.exitCode).toBe(0);
		const [item, ...rest] = nodeOutput(good.run, 'Generate on Vertex AI');
		expect(rest).toHaveLength(0);
		expect(item.json).toMatchObject({
			model: MODEL,
			mimeType: 'image/jpeg',
			width: 2048,
			height: 2048,
			finishReason: 'STOP',
		});
		const files = listFiles(folder);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/\.jpg$/);
		const path = join(folder, files[0]);
		expect(readImageFile(path)).toMatchObject({ type: 'jpg', width: 2048, height: 2048 });
		const jpeg = readWholeJpeg(path);
		expect(jpeg).toMatchObject({ width: 2048, height: 2048 });
		const tokens = goodRequests.filter((request) => request.path === '/token');
		console.log(
			`vertex e2e: ${path} ${jpeg.width}x${jpeg.height} ${jpeg.bytes} bytes, token requests: ${tokens.length}`,
		);
	});

	it('calls the project and location with a Bearer token, fetched once from the token_uri', () => {
		const calls = goodRequests.filter((request) => request.path.includes('/publishers/google/'));
		expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
			`POST ${VERTEX_PATH} 200`,
		]);
		const [call] = calls;
		expect(call.headers.authorization).toBe('Bearer [redacted]');
		expect(call.headers['x-goog-api-key']).toBeUndefined();
		expect(call.serviceAccount).toBe(account.client_email);
		expect(call).toMatchObject({ project: PROJECT, location: 'global' });
		const imageConfig = (call.body as { generationConfig?: { imageConfig?: unknown } })
			.generationConfig?.imageConfig;
		expect(imageConfig).toMatchObject({
			imageSize: '2K',
			imageOutputOptions: { mimeType: 'image/jpeg', compressionQuality: 80 },
		});
		const tokens = goodRequests.filter((request) => request.path === '/token');
		expect(tokens.map((token) => `${token.method} ${token.path} ${token.status}`)).toEqual([
			'POST /token 200',
		]);
		expect(tokens[0].serviceAccount).toBe(account.client_email);
		// Nothing went to the Gemini API's paths.
		expect(goodRequests.filter((request) => /^\/v1(beta)?\//.test(request.path))).toHaveLength(0);
	});

	it('shows Google’s refusal of a revoked key as the run’s error', () => {
		expect(failed.run.status).toBe('error');
		expect(failed.exitCode).not.toBe(0);
		const error = failed.run.data.resultData.error as
			{ message?: string; description?: string | null } | undefined;
		console.log(`vertex e2e run error (revoked key): ${error?.message}`);
		console.log(`vertex e2e run error description (revoked key): ${error?.description}`);
		expect(error?.message).toContain('invalid_grant: Invalid JWT Signature.');
		expect(error?.description).toContain('create a new JSON key');
		expect(listFiles(revokedFolder)).toHaveLength(0);
		// Google refused the token request; no model was called without a token.
		expect(failedRequests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /token 400',
		]);
		expect(failedRequests[0].serviceAccount).toBe(revoked.client_email);
	});

	it('never shows the private key in the run output or n8n’s logs', () => {
		expectNoPrivateKey(good.output, account, 'The run output');
		expectNoPrivateKey(failed.output, revoked, 'The revoked-key run output');
		expectNoPrivateKey(n8nLogFiles(state.userFolder), account, "n8n's event log");
		expectNoPrivateKey(n8nLogFiles(state.userFolder), revoked, "n8n's event log");
	});

	describe('credential test (Test button in the credential dialog)', () => {
		const serverLog = 'n8n-vertex-editor.log';
		let editor: Editor | undefined;

		beforeAll(async () => {
			editor = await openEditor(state, serverLog);
		});

		afterAll(async () => {
			// The suite's n8n is shared: a node added later (the browser suite's) would pick the
			// newest credential of its types, so these leave with this file.
			for (const credential of [goodCredential, revokedCredential]) {
				await editor?.rest.request('DELETE', `/rest/credentials/${credential.id}`);
			}
			await editor?.stop();
		});

		/** Opens the saved credential (secrets come back blanked) and sends the form, changed by `over`. */
		async function testCredential(
			credential: CredentialReference,
			over: Record<string, unknown> = {},
		): Promise<CredentialTestResult> {
			const rest = editor!.rest;
			const { data: saved } = await rest.request<{ data: { data: Record<string, unknown> } }>(
				'GET',
				`/rest/credentials/${credential.id}?includeData=true`,
			);
			expect(saved.data.serviceAccountKey).toBe(CREDENTIAL_BLANKING_VALUE);
			const { data } = await rest.request<{ data: CredentialTestResult }>(
				'POST',
				'/rest/credentials/test',
				{
					credentials: {
						...credential,
						type: VERTEX_CREDENTIAL_TYPE,
						data: { ...saved.data, ...over },
					},
				},
			);
			return data;
		}

		it('passes with the saved key', async () => {
			const result = await testCredential(goodCredential);
			console.log(`vertex credential test (good key): ${result.message}`);
			expect(result.status).toBe('OK');
			expect(result.message).toContain(PROJECT);
			expectNoPrivateKey(JSON.stringify(result), account, 'The credential test');
		});

		it('names the project that refused and the role to grant', async () => {
			const result = await testCredential(goodCredential, { projectId: WRONG_PROJECT });
			console.log(`vertex credential test (wrong project): ${result.message}`);
			expect(result.status).toBe('Error');
			expect(result.message).toContain(WRONG_PROJECT);
			expect(result.message).toContain('Vertex AI User');
			expect(result.message).toContain('roles/aiplatform.user');
			expectNoPrivateKey(JSON.stringify(result), account, 'The credential test');
		});

		it('says the key was refused, and to make a new one, when it was revoked', async () => {
			const result = await testCredential(revokedCredential);
			console.log(`vertex credential test (revoked key): ${result.message}`);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('invalid_grant: Invalid JWT Signature.');
			expect(result.message).toContain('create a new JSON key');
			expectNoPrivateKey(JSON.stringify(result), revoked, 'The credential test');
		});

		it('keeps the private keys out of the server log', () => {
			const log = readFileSync(join(state.logFolder, serverLog), 'utf8');
			expect(log).not.toMatch(/Failed to load package|Skipping package/);
			expectNoPrivateKey(log, account, "n8n's server log");
			expectNoPrivateKey(log, revoked, "n8n's server log");
			expectNoPrivateKey(n8nLogFiles(state.userFolder), account, "n8n's event log");
		});
	});
});
