import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { model, runGeminiImage, useSimulator } from './setup';

/**
 * Run As: Batch Job with a Notify URL: the job carries it as its webhook, the simulator posts
 * when the job ends, and the name in that post is all Get Batch Results needs.
 */
const simulator = useSimulator({ batchPendingMs: 100, batchRunMs: 200, signatureBytes: 0 });

interface Received {
	headers: IncomingMessage['headers'];
	body: Record<string, any>;
}

let listener: Server;
let listenerUrl: string;
let received: Received[] = [];
let arrived: () => void = () => undefined;

beforeAll(async () => {
	listener = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				headers: request.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			response.end('ok');
			arrived();
		});
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/webhook/batch-done`;
});
afterAll(() => new Promise((resolve) => listener.close(resolve)));
beforeEach(() => {
	received = [];
});

const nextCall = () =>
	new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no webhook call within 10 s')), 10_000);
		arrived = () => {
			clearTimeout(timer);
			resolve();
		};
	});

const submit = (notifyUrl: string) => ({
	operation: 'generate',
	model: model('gemini-nano-banana-2.1'),
	prompt: '={{ $json.prompt }}',
	runAs: 'batch',
	carryField: 'sku',
	batchDisplayName: 'Fruit',
	notifyUrl,
});
const fruit = [
	{ json: { prompt: 'A red apple', sku: 'sku-1' } },
	{ json: { prompt: 'A green pear', sku: 'sku-2' } },
];

describe('Run As: Batch Job, Notify URL', () => {
	it('sends the URL and the carried values as the webhook; the post names the job to collect', async () => {
		const sim = simulator();
		const called = nextCall();
		const result = await runGeminiImage(sim, submit(listenerUrl), {
			input: fruit,
			typeVersion: 1.2,
		});
		const jobName = String(result.items[0].json.name);
		const create = sim.requests.find((r) => r.path.endsWith(':batchGenerateContent'));
		expect((create?.body as any).batch.webhookConfig).toEqual({
			uris: [listenerUrl],
			userMetadata: { displayName: 'Fruit', carryField: 'sku', carry: ['sku-1', 'sku-2'] },
		});

		await called;
		expect(received).toHaveLength(1);
		const [{ headers, body }] = received;
		expect(headers['webhook-id']).toBe(body.id);
		expect(body).toMatchObject({
			type: 'batch.succeeded',
			data: { name: jobName, displayName: 'Fruit', state: 'BATCH_STATE_SUCCEEDED' },
			user_metadata: { displayName: 'Fruit', carryField: 'sku', carry: ['sku-1', 'sku-2'] },
		});
		expect(JSON.stringify({ headers, body })).not.toContain(sim.apiKey);

		const collected = await runGeminiImage(
			sim,
			{
				resource: 'batch',
				operation: 'getBatchResults',
				batchJob: { __rl: true, mode: 'name', value: body.data.name },
			},
			{ typeVersion: 1.2 },
		);
		expect(collected.items.map((item) => item.json.carry)).toEqual(['sku-1', 'sku-2']);
		expect(collected.items.every((item) => item.binary?.data)).toBe(true);
	});

	it('posts batch.cancelled when the job is cancelled', async () => {
		const sim = simulator();
		const called = nextCall();
		const result = await runGeminiImage(sim, submit(listenerUrl), {
			input: fruit,
			typeVersion: 1.2,
		});
		const name = String(result.items[0].json.name);
		await runGeminiImage(
			sim,
			{
				resource: 'batch',
				operation: 'cancelBatch',
				batchJob: { __rl: true, mode: 'name', value: name },
			},
			{ typeVersion: 1.2 },
		);
		await called;
		expect(received[0].body).toMatchObject({ type: 'batch.cancelled', data: { name } });
	});

	it('sends no webhook when the Notify URL is empty (the request stays as it was)', async () => {
		const sim = simulator();
		await runGeminiImage(sim, submit(''), { input: fruit, typeVersion: 1.2 });
		const create = sim.requests.find((r) => r.path.endsWith(':batchGenerateContent'));
		expect((create?.body as any).batch.webhookConfig).toBeUndefined();
	});

	it.each([
		['ftp://example.com/done', 'uses ftp, not http or https'],
		['https://user:secret@example.com/done', 'holds a user name or password'],
		['not a url', 'is not a URL'],
	])('refuses %s before anything is sent', async (url, problem) => {
		const sim = simulator();
		const result = await runGeminiImage(sim, submit(url), { input: fruit, typeVersion: 1.2 });
		expect(result.error?.message).toBe(`The Notify URL of item 0 ${problem}`);
		expect((result.error as { description?: string }).description).toContain(
			'Parameter "Notify URL"',
		);
		expect(sim.requests).toHaveLength(0);
	});
});
