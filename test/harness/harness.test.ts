import { once } from 'node:events';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialTestFunctions,
	ICredentialType,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { cleanupHarness, runNode, testCredential } from '.';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 250]);
const SECRET = 'sk-harness-secret-123';

class ProbeApi implements ICredentialType {
	name = 'probeApi';

	displayName = 'Probe API';

	properties: ICredentialType['properties'] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:9' },
		{ displayName: 'API Version', name: 'apiVersion', type: 'string', default: 'v1beta' },
	];
}

/** What the probe nodes below share: one main input and output, one version unless given. */
function probeDescription(
	name: string,
	displayName: string,
	fields: Pick<INodeTypeDescription, 'description'> & Partial<INodeTypeDescription>,
): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...fields,
	};
}

/**
 * Reads an input binary through n8n's helpers and writes a new one, like an image edit; on
 * `callApi` it reads its credential and sends the key itself, as the Gemini Image node does.
 * Versioned as that node is: one class, a version array and the version new nodes get.
 */
class BinaryProbe implements INodeType {
	description = probeDescription('binaryProbe', 'Binary Probe', {
		version: [1, 1.1, 2],
		defaultVersion: 1.1,
		description: 'Reads and writes binary data',
		credentials: [{ name: 'probeApi', required: false }],
		properties: [
			{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
			{ displayName: 'Input Binary Field', name: 'inputField', type: 'string', default: 'data' },
			{
				displayName: 'Read With',
				name: 'readWith',
				type: 'options',
				options: [
					{ name: 'Buffer', value: 'buffer' },
					{ name: 'Stream', value: 'stream' },
					{ name: 'Item Data Field (Wrong)', value: 'itemData' },
				],
				default: 'buffer',
			},
			{
				displayName: 'Model',
				name: 'model',
				type: 'resourceLocator',
				default: { mode: 'list', value: 'model-default' },
				modes: [
					{ displayName: 'From List', name: 'list', type: 'list' },
					{ displayName: 'ID', name: 'id', type: 'string' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Suffix', name: 'suffix', type: 'string', default: '' },
					{ displayName: 'Call API', name: 'callApi', type: 'boolean', default: false },
				],
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const inputField = this.getNodeParameter('inputField', i) as string;
			const readWith = this.getNodeParameter('readWith', i) as string;
			const options = this.getNodeParameter('options', i, {}) as {
				suffix?: string;
				callApi?: boolean;
			};
			const model = this.getNodeParameter('model', i, '', { extractValue: true }) as string;
			const input = this.helpers.assertBinaryData(i, inputField);
			let bytes: Buffer;
			if (readWith === 'stream' && input.id) {
				const chunks: Buffer[] = [];
				for await (const chunk of await this.helpers.getBinaryStream(input.id)) {
					chunks.push(chunk as Buffer);
				}
				bytes = Buffer.concat(chunks);
			} else if (readWith === 'itemData') {
				bytes = Buffer.from(input.data, 'base64');
			} else {
				bytes = await this.helpers.getBinaryDataBuffer(i, inputField);
			}

			let apiAnswer: unknown;
			if (options.callApi) {
				const credentials = await this.getCredentials('probeApi');
				apiAnswer = await this.helpers.httpRequest({
					method: 'POST',
					url: `${credentials.baseUrl as string}/${credentials.apiVersion as string}/echo`,
					headers: { 'x-goog-api-key': credentials.apiKey as string },
					body: { model },
					json: true,
				});
				this.logger.info('Probe called the API', { apiKey: credentials.apiKey });
			}

			const suffix = Buffer.from(options.suffix ?? '');
			const written = await this.helpers.prepareBinaryData(
				Buffer.concat([bytes, suffix]),
				'result.png',
				input.mimeType,
			);
			output.push({
				json: {
					prompt: this.getNodeParameter('prompt', i) as string,
					model,
					readBytes: bytes.toString('base64'),
					inputDataField: input.data,
					inputId: input.id ?? null,
					apiAnswer: apiAnswer as string,
					typeVersion: this.getNode().typeVersion,
				},
				binary: { data: written },
				pairedItem: { item: i },
			});
		}
		return [output];
	}
}

/** Fails on item 1, the way a node reports a bad parameter value for one item. */
class FailingProbe implements INodeType {
	description = probeDescription('failingProbe', 'Failing Probe', {
		description: 'Fails for item 1',
		properties: [{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			try {
				const prompt = this.getNodeParameter('prompt', i) as string;
				this.logger.debug(`Handling item ${i}`);
				if (i === 1) {
					throw new NodeOperationError(this.getNode(), `The prompt "${prompt}" is refused`, {
						itemIndex: i,
						description: 'Change the prompt of item 1',
					});
				}
				output.push({ json: { prompt }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [output];
	}
}

/** A node whose credential is tested by a function, as `testedBy: 'name'` declares. */
class FunctionTestedProbe implements INodeType {
	description = probeDescription('functionTestedProbe', 'Function Tested Probe', {
		description: 'Has a credential test function',
		credentials: [{ name: 'keyOnlyApi', required: true, testedBy: 'checkKey' }],
	});

	methods = {
		credentialTest: {
			async checkKey(
				this: ICredentialTestFunctions,
				credential: { data?: Record<string, unknown> },
			): Promise<INodeCredentialTestResult> {
				return credential.data?.apiKey === SECRET
					? { status: 'OK', message: `Key accepted, region ${String(credential.data.region)}` }
					: { status: 'Error', message: 'Key refused' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class KeyOnlyApi implements ICredentialType {
	name = 'keyOnlyApi';

	displayName = 'Key Only API';

	properties: ICredentialType['properties'] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
}

interface ReceivedRequest {
	method?: string;
	url?: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A tiny server that answers like Google: 400 with its error body unless the key is right. */
async function startServer() {
	const received: ReceivedRequest[] = [];
	const server: Server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			received.push({ method: request.method, url: request.url, headers: request.headers, body });
			response.setHeader('content-type', 'application/json');
			if (request.headers['x-goog-api-key'] !== SECRET) {
				response.statusCode = 400;
				response.end(
					JSON.stringify({
						error: {
							code: 400,
							message: 'API key not valid. Please pass a valid API key.',
							status: 'INVALID_ARGUMENT',
						},
					}),
				);
				return;
			}
			response.end(JSON.stringify({ ok: true, echoed: body ? JSON.parse(body) : null }));
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	return { server, received, baseUrl: `http://127.0.0.1:${port}` };
}

const bytesOf = (item: INodeExecutionData) => Buffer.from(String(item.json.readBytes), 'base64');

describe('test harness: a node inside a real n8n execution', () => {
	let api: Awaited<ReturnType<typeof startServer>>;

	beforeAll(async () => {
		api = await startServer();
	});

	afterAll(async () => {
		api.server.close();
		cleanupHarness();
	});

	describe.each(['filesystem', 'default'] as const)('binary mode %s', (binaryMode) => {
		it('hands the node the input bytes and the next node the written bytes', async () => {
			const run = await runNode({
				nodeType: new BinaryProbe(),
				parameters: { options: { suffix: '-edited' } },
				input: [
					{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png', fileName: 'in.png' } } },
				],
				binaryMode,
			});

			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(1);
			expect(bytesOf(run.items[0])).toEqual(PNG_BYTES);
			const written = await run.readBinary(run.items[0]);
			expect(written).toEqual(Buffer.concat([PNG_BYTES, Buffer.from('-edited')]));
			expect(run.items[0].binary?.data).toMatchObject({
				mimeType: 'image/png',
				fileName: 'result.png',
				fileExtension: 'png',
			});
		});

		it('stores binaries the way n8n does in this mode', async () => {
			const run = await runNode({
				nodeType: new BinaryProbe(),
				parameters: {},
				input: [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }],
				binaryMode,
			});

			const output = run.items[0].binary!.data;
			const input = run.items[0].json;
			if (binaryMode === 'filesystem') {
				expect(output.id).toMatch(/^filesystem-v2:workflows\/.+\/executions\/.+/);
				expect(output.data).toBe('filesystem-v2');
				expect(input.inputId).toMatch(/^filesystem-v2:/);
				expect(input.inputDataField).toBe('filesystem-v2');
			} else {
				expect(output.id).toBeUndefined();
				expect(Buffer.from(output.data, 'base64')).toEqual(PNG_BYTES);
				expect(input.inputId).toBeNull();
				expect(input.inputDataField).toBe(PNG_BYTES.toString('base64'));
			}
		});

		it('gives wrong bytes to a node that decodes item.binary.data itself, unless in memory', async () => {
			const run = await runNode({
				nodeType: new BinaryProbe(),
				parameters: { readWith: 'itemData' },
				input: [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }],
				binaryMode,
			});

			expect(bytesOf(run.items[0]).equals(PNG_BYTES)).toBe(binaryMode === 'default');
		});
	});

	it('streams a stored binary with getBinaryStream', async () => {
		const large = Buffer.alloc(300_000, 7);
		const run = await runNode({
			nodeType: new BinaryProbe(),
			parameters: { readWith: 'stream' },
			input: [{ binary: { data: { data: large, mimeType: 'application/octet-stream' } } }],
		});

		expect(run.error).toBeUndefined();
		expect(bytesOf(run.items[0]).equals(large)).toBe(true);
	});

	it('reports a missing input binary with n8n-core own message', async () => {
		const run = await runNode({
			nodeType: new BinaryProbe(),
			parameters: { inputField: 'photo' },
			input: [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }],
		});

		expect(run.items).toEqual([]);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe("The item has no binary field 'photo' [item 0]");
	});

	it('resolves expressions per item and keeps pairedItem', async () => {
		const run = await runNode({
			nodeType: new BinaryProbe(),
			parameters: { prompt: '={{ $json.prompt }} #{{ $itemIndex }}' },
			input: ['a red fox', 'a blue whale', 'a green frog'].map((prompt) => ({
				json: { prompt },
				binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } },
			})),
		});

		expect(run.items.map((item) => item.json.prompt)).toEqual([
			'a red fox #0',
			'a blue whale #1',
			'a green frog #2',
		]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it('reads resource locator values in list and id mode, and the default', async () => {
		const input = [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }];
		const models = [];
		for (const model of [
			{ __rl: true, mode: 'list', value: 'gemini-2.5-flash-image' },
			{ __rl: true, mode: 'id', value: '={{ "gemini-3-pro-" + "image-preview" }}' },
			undefined,
		]) {
			const parameters = model ? { model } : {};
			const run = await runNode({ nodeType: new BinaryProbe(), parameters, input });
			models.push(run.items[0].json.model);
		}

		expect(models).toEqual([
			'gemini-2.5-flash-image',
			'gemini-3-pro-image-preview',
			'model-default',
		]);
	});

	it('runs the version the editor gives a new node, unless the run pins one', async () => {
		const input = [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }];
		const versions = [];
		for (const typeVersion of [undefined, 1, 2]) {
			const run = await runNode({
				nodeType: new BinaryProbe(),
				parameters: {},
				input,
				typeVersion,
			});
			expect(run.error).toBeUndefined();
			versions.push(run.items[0].json.typeVersion);
		}

		expect(versions).toEqual([1.1, 1, 2]);
	});

	it('surfaces a thrown NodeOperationError as the run error, with no output', async () => {
		const run = await runNode({
			nodeType: new FailingProbe(),
			parameters: { prompt: '={{ $json.prompt }}' },
			input: [{ json: { prompt: 'ok' } }, { json: { prompt: 'bad' } }, { json: { prompt: 'ok' } }],
		});

		expect(run.items).toEqual([]);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error?.message).toBe('The prompt "bad" is refused');
		expect(run.error?.description).toBe('Change the prompt of item 1');
		expect(run.error?.context).toMatchObject({ itemIndex: 1 });
		expect(run.execution.status).toBe('error');
	});

	it('turns the failure into an error item when the node continues on fail', async () => {
		const run = await runNode({
			nodeType: new FailingProbe(),
			parameters: { prompt: '={{ $json.prompt }}' },
			input: [{ json: { prompt: 'ok' } }, { json: { prompt: 'bad' } }, { json: { prompt: 'ok' } }],
			continueOnFail: true,
		});

		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{ json: { prompt: 'ok' }, pairedItem: { item: 0 } },
			{ json: { error: 'The prompt "bad" is refused' }, pairedItem: { item: 1 } },
			{ json: { prompt: 'ok' }, pairedItem: { item: 2 } },
		]);
		expect(run.logs).toEqual(
			expect.arrayContaining(['[debug] Handling item 0', '[debug] Handling item 2']),
		);
	});

	it('hands the node its credential with the form defaults filled in, and records what it logged', async () => {
		api.received.length = 0;
		const run = await runNode({
			nodeType: new BinaryProbe(),
			parameters: {
				model: { __rl: true, mode: 'id', value: 'gemini-2.5-flash-image' },
				options: { callApi: true },
			},
			credentials: {
				probeApi: { type: new ProbeApi(), data: { apiKey: SECRET, baseUrl: api.baseUrl } },
			},
			input: [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }],
		});

		expect(run.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		expect(api.received[0]).toMatchObject({ method: 'POST', url: '/v1beta/echo' });
		expect(api.received[0].headers['x-goog-api-key']).toBe(SECRET);
		expect(run.items[0].json.apiAnswer).toEqual({
			ok: true,
			echoed: { model: 'gemini-2.5-flash-image' },
		});
		expect(run.logs.some((line) => line.includes(SECRET))).toBe(true);
	});

	it('fails like n8n when the node asks for a credential the workflow does not set', async () => {
		const run = await runNode({
			nodeType: new BinaryProbe(),
			parameters: { options: { callApi: true } },
			input: [{ binary: { data: { data: PNG_BYTES, mimeType: 'image/png' } } }],
		});

		expect(run.error?.message).toBe('Node does not require credentials');
	});

	it('runs a credential test function named by the node testedBy', async () => {
		const node = new FunctionTestedProbe();
		const ok = await testCredential(new KeyOnlyApi(), { apiKey: SECRET }, node);
		const refused = await testCredential(new KeyOnlyApi(), { apiKey: 'nope' }, node);
		const untested = await testCredential(new KeyOnlyApi(), { apiKey: SECRET });

		expect(ok).toMatchObject({ status: 'OK', message: 'Key accepted, region eu' });
		expect(refused).toMatchObject({ status: 'Error', message: 'Key refused' });
		expect(untested).toMatchObject({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});

	it.each([
		['authenticate', { type: 'generic', properties: { headers: { 'x-api-key': 'k' } } }],
		['extends', ['probeApi']],
		['test', { request: { url: '/models' } }],
	] as const)(
		'refuses a credential type that declares %s, which it does not apply',
		async (field, value) => {
			const credential = Object.assign(new KeyOnlyApi(), { [field]: value });
			const refusal = new RegExp(`^Credential type "keyOnlyApi" declares .*\\(\`${field}\`\\)`);

			await expect(
				runNode({
					nodeType: new FunctionTestedProbe(),
					parameters: {},
					credentials: { keyOnlyApi: { type: credential, data: { apiKey: SECRET } } },
				}),
			).rejects.toThrow(refusal);
			await expect(
				testCredential(credential, { apiKey: SECRET }, new FunctionTestedProbe()),
			).rejects.toThrow(refusal);
		},
	);
});
