import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CREDENTIAL_TYPE } from '../../scripts/n8n/examples';
import type { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { freePort } from '../../scripts/n8n/ports';
import {
	code,
	geminiBatchJob,
	geminiImage,
	node,
	workflow,
	writeToFolder,
} from '../support/workflows';
import { waitForFiles } from './support/files';
import { simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const SUBMIT_ID = 'e2eCallbackSubmit1';
const NOTIFIED_ID = 'e2eCallbackNotify1';
const POLLED_ID = 'e2eCallbackPolled1';
const TRIGGER_TYPE = 'n8n-nodes-gemini-image.geminiImageTrigger';

/** Two prompts per submission, the job's name and Notify URL from the query. */
const TWO_PROMPTS = `const query = $input.first().json.query;
return [1, 2].map((n) => ({ json: {
	prompt: 'A paper lantern, number ' + n, sku: query.name + '-' + n, name: query.name, notify: query.notify || '',
} }));`;

function webhook(name: string, path: string, method: 'GET' | 'POST', extra = {}) {
	return node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: method, path, options: {}, ...extra },
		{ webhookId: randomUUID() },
	);
}

const jpegs = (count: number) => (names: string[]) =>
	names.filter((name) => name.endsWith('.jpg')).length >= count;

/**
 * Batch jobs that call back, in a running n8n (`n8n start`): a job submitted with a Notify URL
 * wakes a Webhook workflow that collects it; a published workflow with the Gemini Image Trigger
 * (every minute, n8n's shortest poll) fires once for a job that finished and collects it.
 */
describe('batch jobs that call back', () => {
	const state = loadState();
	const notifiedFolder = join(state.filesFolder, 'callbacks', 'notified');
	const polledFolder = join(state.filesFolder, 'callbacks', 'polled');
	let n8n: N8nInstance;
	let server: ChildProcess;

	const submit = async (name: string, notify = '') => {
		const query = new URLSearchParams({ name, notify });
		// n8n registers published webhooks moments after it reports healthy: 404 until then.
		let response = await fetch(`${n8n.baseUrl}/webhook/e2e-batch-submit?${query}`);
		for (let attempt = 0; response.status === 404 && attempt < 60; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			response = await fetch(`${n8n.baseUrl}/webhook/e2e-batch-submit?${query}`);
		}
		if (response.status !== 200) {
			const log = readFileSync(join(state.logFolder, 'n8n-callbacks.log'), 'utf8');
			throw new Error(
				`Submitting answered ${response.status}: ${await response.text()}\n${log.slice(-3000)}`,
			);
		}
		return (await response.json()) as { name: string; displayName: string };
	};

	beforeAll(async () => {
		mkdirSync(notifiedFolder, { recursive: true });
		mkdirSync(polledFolder, { recursive: true });
		n8n = suiteN8n(state, { port: await freePort(), brokerPort: await freePort() });
		await n8n.importWorkflows([
			workflow(SUBMIT_ID, 'e2e: webhook -> two prompts -> one batch job', [
				webhook('Submit', 'e2e-batch-submit', 'GET', { responseMode: 'lastNode' }),
				code('Two prompts', TWO_PROMPTS),
				geminiImage('Batch', state.credential, {
					typeVersion: 1.2,
					prompt: '={{ $json.prompt }}',
					runAs: 'batch',
					carryField: 'sku',
					batchDisplayName: '={{ $json.name }}',
					notifyUrl: '={{ $json.notify }}',
				}),
			]),
			workflow(NOTIFIED_ID, 'e2e: Google calls -> Get Batch Results -> files', [
				webhook('Batch done', 'e2e-batch-done', 'POST'),
				geminiBatchJob('Collect', state.credential, { batchJob: '={{ $json.body.data.name }}' }),
				writeToFolder('Write images', notifiedFolder),
			]),
			workflow(POLLED_ID, 'e2e: Gemini Image Trigger -> Get Batch Results -> files', [
				node(
					'Batch finished',
					TRIGGER_TYPE,
					1,
					{
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						event: 'batchJobFinished',
						displayNameFilter: 'e2e polled',
					},
					{ credentials: { [CREDENTIAL_TYPE]: state.credential } },
				),
				geminiBatchJob('Collect', state.credential, { batchJob: '={{ $json.name }}' }),
				writeToFolder('Write images', polledFolder),
			]),
		]);
		for (const id of [SUBMIT_ID, NOTIFIED_ID, POLLED_ID]) await n8n.publishWorkflow(id);
		server = n8n.startServer(join(state.logFolder, 'n8n-callbacks.log'));
		await n8n.waitUntilHealthy(server);
	});

	afterAll(async () => {
		if (server) await n8n.stopServer(server);
	});

	it("a Notify URL wakes a Webhook workflow when the job ends, which collects the job named in Google's post", async () => {
		const notifyUrl = `${n8n.baseUrl}/webhook/e2e-batch-done`;
		const job = await submit('e2e notified', notifyUrl);
		const create = (await simulatorRequests(state)).find(
			(request) =>
				request.path.endsWith(':batchGenerateContent') &&
				(request.body as any)?.batch?.displayName === 'e2e notified',
		);
		expect((create?.body as any).batch.webhookConfig).toEqual({
			uris: [notifyUrl],
			userMetadata: {
				displayName: 'e2e notified',
				carryField: 'sku',
				carry: ['e2e notified-1', 'e2e notified-2'],
			},
		});
		expect(job.name).toMatch(/^batches\//);
		const names = await waitForFiles(notifiedFolder, jpegs(2), 60_000);
		expect(names.filter((name) => name.endsWith('.jpg'))).toHaveLength(2);
	});

	it('the trigger, polling every minute, fires for a job that finished and collects it', async () => {
		await submit('e2e polled');
		// n8n polls on the minute: at most about two minutes to the files.
		const names = await waitForFiles(polledFolder, jpegs(2), 150_000);
		expect(names.filter((name) => name.endsWith('.jpg'))).toHaveLength(2);
	});
});
