import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	GEMINI_IMAGE_NODE_TYPE,
	writeSamplePhoto,
} from '../../scripts/n8n/examples';
import type { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { freePort } from '../../scripts/n8n/ports';
import { listFiles, readImageFile } from '../e2e/support/files';
import { RestSession } from '../e2e/support/rest-session';
import { executeWorkflow, nodeOutput, type WorkflowRun } from '../e2e/support/run-workflow';
import { PACKAGE_LOAD_FAILURE } from '../support/suite';
import { cell, lineN8n, loadState, type LineState } from './support/state';
import { BATCH_PROMPTS, compatFiles, compatWorkflows, WORKFLOWS } from './support/workflows';

const state = loadState();

/** A run that succeeded, with no package load error in what n8n printed. */
function expectSuccess(run: WorkflowRun): void {
	expect(run.output).not.toMatch(PACKAGE_LOAD_FAILURE);
	if (run.run.status !== 'success') {
		const error = run.run.data.resultData.error as { message?: string } | undefined;
		throw new Error(`The run ended ${run.run.status}: ${error?.message ?? run.output.slice(-600)}`);
	}
	expect(run.exitCode).toBe(0);
}

/** "1024x1024 jpg" for the image file one item describes. */
function imageOf(json: IDataObject): string {
	expect(json.width).toEqual(expect.any(Number));
	return `${json.width}x${json.height} ${String(json.mimeType).replace('image/', '')}`;
}

function imageFileIn(folder: string): string {
	const files = listFiles(folder);
	expect(files).toHaveLength(1);
	const image = readImageFile(join(folder, files[0]));
	return `${image.width}x${image.height} ${image.type}, ${Math.round(image.bytes / 1024)} kB`;
}

/**
 * The same saved workflows, imported unchanged into each n8n line: Generate on both APIs, Edit
 * from a file on disk, a conversation continued in a second execution, a batch job submitted in
 * one execution and collected in another; then, with `n8n start`, the node and its tool variant
 * in the node list and the credential test with a good and a wrong key.
 */
describe.each(state.lines.map((line): [string, LineState] => [line.label, line]))(
	'%s',
	(_, line) => {
		const files = compatFiles(line.filesFolder);
		let n8n: N8nInstance;

		beforeAll(async () => {
			for (const folder of [files.edited, files.refined, files.batchImages]) {
				mkdirSync(folder, { recursive: true });
			}
			await writeSamplePhoto(files.photo);
			n8n = lineN8n(line);
			await n8n.importWorkflows(compatWorkflows(state.credential, line.filesFolder));
		});

		it('generates on generateContent', () =>
			cell(state, line, 'Generate (generateContent)', async () => {
				const run = await executeWorkflow(n8n, WORKFLOWS.generateContent);
				expectSuccess(run);
				const [item] = nodeOutput(run.run, 'Generate');
				expect(item.json.interactionId).toBeUndefined();
				expect(item.binary?.data?.mimeType).toBe('image/jpeg');
				return imageOf(item.json);
			}));

		it('generates on the Interactions API', () =>
			cell(state, line, 'Generate (Interactions)', async () => {
				const run = await executeWorkflow(n8n, WORKFLOWS.interactions);
				expectSuccess(run);
				const [item] = nodeOutput(run.run, 'Generate');
				expect(item.json.interactionId).toEqual(expect.any(String));
				expect(item.json).toMatchObject({ width: 1376, height: 768 });
				return imageOf(item.json);
			}));

		it('edits a photo read from disk and writes the result', () =>
			cell(state, line, 'Edit a file from disk', async () => {
				const run = await executeWorkflow(n8n, WORKFLOWS.edit);
				expectSuccess(run);
				return imageFileIn(files.edited);
			}));

		it('continues a conversation in a second execution', () =>
			cell(state, line, 'Refine in a second execution', async () => {
				const first = await executeWorkflow(n8n, WORKFLOWS.refineStart);
				expectSuccess(first);
				const started = nodeOutput(first.run, 'Generate')[0].json.interactionId;
				const second = await executeWorkflow(n8n, WORKFLOWS.refineNext);
				expectSuccess(second);
				const [refined] = nodeOutput(second.run, 'Refine');
				// Given the ID, the refined item's conversation runs from it to the new one.
				expect(refined.json.conversation).toMatchObject({
					api: 'interactions',
					interactionIds: [started, refined.json.interactionId],
				});
				return imageFileIn(files.refined);
			}));

		it('submits a batch job and collects its results in another execution', () =>
			cell(state, line, 'Batch Job, then Get Batch Results', async () => {
				const submit = await executeWorkflow(n8n, WORKFLOWS.batchSubmit);
				expectSuccess(submit);
				const collect = await executeWorkflow(n8n, WORKFLOWS.batchCollect);
				expectSuccess(collect);
				const items = nodeOutput(collect.run, 'Get results');
				expect(items.map((item) => item.json.itemIndex)).toEqual([0, 1]);
				expect(items.map((item) => item.json.carry)).toEqual(BATCH_PROMPTS);
				const written = listFiles(files.batchImages);
				expect(written).toHaveLength(BATCH_PROMPTS.length);
				const image = readImageFile(join(files.batchImages, written[0]));
				return `${written.length} images, ${image.width}x${image.height} ${image.type}`;
			}));

		describe('n8n start', () => {
			let server: ChildProcess;
			let serverN8n: N8nInstance;
			let rest: RestSession;
			const serverLog = join(state.logFolder, `${line.label.replace(/ /g, '-')}-server.log`);

			beforeAll(async () => {
				serverN8n = lineN8n(line, await freePort());
				server = serverN8n.startServer(serverLog);
				await serverN8n.waitUntilHealthy(server);
				rest = new RestSession(serverN8n.baseUrl);
				await rest.setUpOwnerAndLogIn('owner@example.com', 'Compat-Passw0rd!');
			});

			afterAll(async () => {
				if (server) await serverN8n.stopServer(server);
			});

			it('loads the package and lists the node, its tool variant and the credential', () =>
				cell(state, line, 'Node, tool and credential listed', async () => {
					expect(readFileSync(serverLog, 'utf8')).not.toMatch(PACKAGE_LOAD_FAILURE);
					const nodes = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
					const names = nodes.map((node) => node.name);
					expect(names).toContain(GEMINI_IMAGE_NODE_TYPE);
					expect(names).toContain(`${GEMINI_IMAGE_NODE_TYPE}Tool`);
					const credentials = await rest.request<Array<{ name: string }>>(
						'GET',
						'/types/credentials.json',
					);
					expect(credentials.map((c) => c.name)).toContain(CREDENTIAL_TYPE);
					return `${GEMINI_IMAGE_NODE_TYPE.split('.')[1]} and its Tool`;
				}));

			async function testCredential(apiKey: string): Promise<{ status: string; message: string }> {
				const { data } = await rest.request<{ data: { status: string; message: string } }>(
					'POST',
					'/rest/credentials/test',
					{
						credentials: {
							...state.credential,
							type: CREDENTIAL_TYPE,
							data: { apiKey, baseUrl: state.simulator.baseUrl, apiVersion: 'v1beta' },
						},
					},
				);
				return data;
			}

			it('passes the credential test with a good key', () =>
				cell(state, line, 'Credential test, good key', async () => {
					const result = await testCredential(state.simulator.apiKey);
					expect(result.status).toBe('OK');
					return result.status;
				}));

			it('fails the credential test with a wrong key, with the reason', () =>
				cell(state, line, 'Credential test, wrong key', async () => {
					const result = await testCredential('AIza-not-a-real-key');
					expect(result.status).toBe('Error');
					expect(result.message).toContain('API key not valid');
					return `Error: ${result.message.split('.')[0]}`;
				}));
		});
	},
);
