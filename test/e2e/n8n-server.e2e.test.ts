import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { imageSize } from 'image-size';
import { CREDENTIAL_BLANKING_VALUE } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	GEMINI_IMAGE_NODE_TYPE,
	loadExampleWorkflows,
} from '../../scripts/n8n/examples';
import type { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { freePort } from '../../scripts/n8n/ports';
import { geminiImage, scheduleEverySeconds, workflow, writeToFolder } from '../support/workflows';
import { readImageFile, waitForFiles } from './support/files';
import { RestSession } from './support/rest-session';
import { loadState, suiteN8n } from './support/state';

const SCHEDULED_WORKFLOW_ID = 'e2eScheduleFires001';
const WEBHOOK_EXAMPLE_ID = 'GeminiImgWebhook001';

interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * A running n8n (`n8n start`): the credential test as the editor calls it, a published workflow
 * whose Schedule Trigger fires by itself, and the webhook example answering with an image.
 */
describe('n8n server', () => {
	const state = loadState();
	const scheduleFolder = join(state.filesFolder, 'schedule');
	const serverLog = join(state.logFolder, 'n8n-server.log');
	let n8n: N8nInstance;
	let server: ChildProcess;
	let rest: RestSession;

	beforeAll(async () => {
		mkdirSync(scheduleFolder, { recursive: true });
		n8n = suiteN8n(state, { port: await freePort(), brokerPort: await freePort() });
		await n8n.importWorkflows([
			workflow(SCHEDULED_WORKFLOW_ID, 'e2e: published schedule -> generate -> file', [
				scheduleEverySeconds(3),
				geminiImage('Generate', state.credential, {
					prompt: 'A sunrise over hills, painted on a schedule',
					options: { aspectRatio: '4:3' },
				}),
				writeToFolder('Write file', scheduleFolder),
			]),
			...loadExampleWorkflows(state.credential, state.filesFolder),
		]);
		await n8n.publishWorkflow(SCHEDULED_WORKFLOW_ID);
		await n8n.publishWorkflow(WEBHOOK_EXAMPLE_ID);

		server = n8n.startServer(serverLog);
		await n8n.waitUntilHealthy(server);
		rest = new RestSession(n8n.baseUrl);
		await rest.setUpOwnerAndLogIn('owner@example.com', 'E2e-Passw0rd!');
	});

	afterAll(async () => {
		if (server) await n8n.stopServer(server);
	});

	it('loads the community package without errors', () => {
		const log = readFileSync(serverLog, 'utf8');
		expect(log).not.toMatch(/Failed to load package|Skipping package/);
	});

	it('offers the node and its credential to the editor', async () => {
		const nodeTypes = await rest.request<Array<{ name: string; displayName: string }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(nodeTypes).toContainEqual(
			expect.objectContaining({ name: GEMINI_IMAGE_NODE_TYPE, displayName: 'Gemini Image' }),
		);
		const credentialTypes = await rest.request<Array<{ name: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentialTypes).toContainEqual(expect.objectContaining({ name: CREDENTIAL_TYPE }));
	});

	describe('credential test (Test button in the credential dialog)', () => {
		async function testCredential(apiKey?: string): Promise<CredentialTestResult> {
			// The editor opens the saved credential (secrets come back blanked) and sends the form.
			const { data: saved } = await rest.request<{ data: { data: Record<string, unknown> } }>(
				'GET',
				`/rest/credentials/${state.credential.id}?includeData=true`,
			);
			expect(saved.data.apiKey).toBe(CREDENTIAL_BLANKING_VALUE);
			const { data } = await rest.request<{ data: CredentialTestResult }>(
				'POST',
				'/rest/credentials/test',
				{
					credentials: {
						...state.credential,
						type: CREDENTIAL_TYPE,
						data: { ...saved.data, ...(apiKey ? { apiKey } : {}) },
					},
				},
			);
			return data;
		}

		it('passes with the saved key', async () => {
			expect(await testCredential()).toMatchObject({ status: 'OK' });
		});

		it("fails with a wrong key and shows Google's message", async () => {
			const result = await testCredential('AIza-not-a-real-key');
			expect(result.status).toBe('Error');
			expect(result.message).toContain('API key not valid');
		});
	});

	it('runs a published workflow on its Schedule Trigger without anyone pressing run', async () => {
		const [first] = await waitForFiles(
			scheduleFolder,
			(names) => names.some((name) => name.endsWith('.jpg')),
			90_000,
		);
		// The file may still be being written: read it once it decodes.
		let image;
		for (let attempt = 0; attempt < 20 && !image; attempt++) {
			try {
				image = readImageFile(join(scheduleFolder, first));
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
		expect(image).toMatchObject({ type: 'jpg', width: 1200, height: 896 });
	});

	describe('the webhook example, published', () => {
		it('answers a prompt with the image (a JPEG, as Google sends)', async () => {
			const prompt = encodeURIComponent('A paper boat on a puddle');
			const response = await fetch(`${n8n.baseUrl}/webhook/gemini-image?prompt=${prompt}`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toContain('image/jpeg');
			const body = Buffer.from(await response.arrayBuffer());
			expect(imageSize(body)).toMatchObject({ type: 'jpg', width: 1024, height: 1024 });
		});

		it('answers a refused prompt with 422 and the reason', async () => {
			const prompt = encodeURIComponent('Something forbidden [sim:refusal]');
			const response = await fetch(`${n8n.baseUrl}/webhook/gemini-image?prompt=${prompt}`);
			expect(response.status).toBe(422);
			const body = (await response.json()) as { error: { reason: string; message: string } };
			expect(body.error.reason).toBe('IMAGE_SAFETY');
		});
	});
});
