/**
 * The quota per API key and model (quota.ts): N accepted in a rolling window, then Google's 429
 * "generate_requests_per_model" with a RetryInfo delay until the oldest accepted request leaves
 * the window; per model; counts and run-time control at /__simulator/quota; Interactions creates
 * counted; no quota, no limit.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseQuotaOption } from './quota';
import { RATE_LIMIT_PREAMBLE, requestsPerModelExceeded } from './errors';
import { startSimulator } from '../server/server';
import { createInteraction, generate, prompt, type JsonAnswer } from '../test-helpers';
import type { Simulator } from '../types';

const MODEL = 'gemini-nano-banana-2.1';
const OTHER = 'gemini-3-pro-image';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const draw = (sim: Simulator, model = MODEL) => generate(sim, model, prompt('a red kite'));
const seconds = (delay: string) => Number(/^(\d+(?:\.\d{1,3})?)s$/.exec(delay)![1]) * 1000;
const retryDelay = (answer: JsonAnswer): string =>
	answer.body.error.details.find((d: any) => d['@type'].endsWith('RetryInfo')).retryDelay;

async function control(sim: Simulator, method: string, body?: unknown, query = ''): Promise<any> {
	const response = await fetch(`${sim.url}/__simulator/quota${query}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

function expectedBody(model: string, limit: number, delay: string) {
	const metric = 'generativelanguage.googleapis.com/generate_requests_per_model';
	return {
		error: {
			code: 429,
			message: `${RATE_LIMIT_PREAMBLE} \n* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${model}\nPlease retry in ${delay}.`,
			status: 'RESOURCE_EXHAUSTED',
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
					violations: [
						{
							quotaMetric: metric,
							quotaId: 'GenerateRequestsPerMinutePerProjectPerModel',
							quotaDimensions: { location: 'global', model },
							quotaValue: String(limit),
						},
					],
				},
				{
					'@type': 'type.googleapis.com/google.rpc.Help',
					links: [
						{
							description: 'Learn more about Gemini API quotas',
							url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
						},
					],
				},
				{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay },
			],
		},
	};
}

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ quota: { requests: 3, windowMs: 10_000 }, signatureBytes: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('a quota set by option', () => {
	it('accepts N, then answers the live 429 with the time left in RetryInfo', async () => {
		for (let i = 0; i < 3; i++) expect((await draw(sim)).status).toBe(200);
		const refused = await draw(sim);
		// Timed by the simulator's own clock: arrival of the oldest accepted and of the refused one.
		const left = sim.requests[0].receivedAt + 10_000 - sim.requests[3].receivedAt;
		expect(refused.status).toBe(429);
		const delay = retryDelay(refused);
		expect(refused.body).toEqual(expectedBody(MODEL, 3, delay));
		expect(refused.body.error.message).toBe(
			'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n' +
				`* Quota exceeded for metric: generativelanguage.googleapis.com/generate_requests_per_model, limit: 3, model: ${MODEL}\nPlease retry in ${delay}.`,
		);
		expect(Math.abs(seconds(delay) - left)).toBeLessThanOrEqual(50);
		expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 200, 429]);
	});

	it('counts streamGenerateContent with generateContent', async () => {
		for (let i = 0; i < 3; i++) {
			const path = `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`;
			const response = await fetch(`${sim.url}${path}`, {
				method: 'POST',
				headers: { 'x-goog-api-key': sim.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify(prompt('a kite')),
			});
			expect(response.status).toBe(200);
			await response.text();
		}
		expect((await draw(sim)).status).toBe(429);
	});

	it('keeps a window per model', async () => {
		for (let i = 0; i < 4; i++) await draw(sim);
		expect((await draw(sim, OTHER)).status).toBe(200);
		const refused = await draw(sim, `models/${MODEL}`);
		expect(refused.body.error.message).toContain(`limit: 3, model: ${MODEL}\n`);
		expect((await control(sim, 'GET')).body).toEqual({
			limits: [{ requests: 3, windowMs: 10_000 }],
			accepted: 4,
			refused429: 2,
			byModel: {
				[MODEL]: { accepted: 3, refused429: 2 },
				[OTHER]: { accepted: 1, refused429: 0 },
			},
		});
	});

	it('reset() clears the counts and windows, not the quota', async () => {
		for (let i = 0; i < 4; i++) await draw(sim);
		sim.reset();
		const limits = [{ requests: 3, windowMs: 10_000 }];
		const counts = { limits, accepted: 0, refused429: 0, byModel: {} };
		expect((await control(sim, 'GET')).body).toEqual(counts);
		for (let i = 0; i < 3; i++) expect((await draw(sim)).status).toBe(200);
		expect((await draw(sim)).status).toBe(429);
	});
});

describe('the rolling window', () => {
	let small: Simulator;
	beforeAll(async () => {
		small = await startSimulator({ quota: { requests: 2, windowMs: 2000 }, signatureBytes: 0 });
	});
	afterAll(() => small.close());

	it('says a fractional delay, and accepts one more once the oldest request has left', async () => {
		const arrived = (i: number) => small.requests[i].receivedAt;
		expect((await draw(small)).status).toBe(200);
		await sleep(400);
		expect((await draw(small)).status).toBe(200);
		const refused = await draw(small);
		expect(refused.status).toBe(429);
		const delay = retryDelay(refused);
		expect(delay).toMatch(/^\d(\.\d{1,3})?s$/);
		expect(refused.body.error.message).toMatch(new RegExp(`Please retry in ${delay}\\.$`));
		expect(Math.abs(seconds(delay) - (arrived(0) + 2000 - arrived(2)))).toBeLessThanOrEqual(50);

		await sleep(seconds(delay) + 20);
		expect((await draw(small)).status).toBe(200);
		// Not a fixed bucket: the second request is still in the window, so this one waits for it.
		const again = await draw(small);
		expect(again.status).toBe(429);
		const left = arrived(1) + 2000 - arrived(4);
		expect(Math.abs(seconds(retryDelay(again)) - left)).toBeLessThanOrEqual(50);
	});

	it('never says less than 0.001s, nor more than 3 decimals', () => {
		const delays = [0.2, 1234.5].map((ms) => requestsPerModelExceeded(MODEL, 2, ms));
		expect(delays.map((e) => (e.details![2] as any).retryDelay)).toEqual(['0.001s', '1.235s']);
	});
});

describe('run-time control at /__simulator/quota', () => {
	let open: Simulator;
	beforeAll(async () => {
		open = await startSimulator({ signatureBytes: 0 });
	});
	afterAll(() => open.close());

	it('without a quota, every request is accepted and nothing is counted', async () => {
		for (let i = 0; i < 6; i++) expect((await draw(open)).status).toBe(200);
		const none = { limits: [], accepted: 0, refused429: 0, byModel: {} };
		expect((await control(open, 'GET')).body).toEqual(none);
	});

	it('sets, changes and removes a quota, for every model or one', async () => {
		const set = await control(open, 'POST', { requests: 1, windowMs: 60_000 });
		expect(set.body.limits).toEqual([{ requests: 1, windowMs: 60_000 }]);
		expect((await draw(open)).status).toBe(200);
		const refused = await draw(open);
		expect(refused.body).toEqual(expectedBody(MODEL, 1, retryDelay(refused)));

		// A change starts the counts afresh.
		await control(open, 'POST', { requests: 2, windowMs: 60_000 });
		expect((await draw(open)).status).toBe(200);
		expect((await draw(open)).status).toBe(200);
		expect((await draw(open)).status).toBe(429);

		// One model's own limit wins over the one for every model.
		const perModel = await control(open, 'POST', { requests: 1, windowMs: 5000, model: OTHER });
		expect(perModel.body.limits).toEqual([
			{ requests: 2, windowMs: 60_000 },
			{ model: OTHER, requests: 1, windowMs: 5000 },
		]);
		expect((await draw(open, OTHER)).status).toBe(200);
		const other = await draw(open, OTHER);
		expect(other.body.error.message).toContain(`limit: 1, model: ${OTHER}\n`);
		expect(seconds(retryDelay(other))).toBeLessThanOrEqual(5000);

		expect((await control(open, 'POST', { requests: 0 })).body.limits).toEqual([
			{ model: OTHER, requests: 1, windowMs: 5000 },
		]);
		for (let i = 0; i < 4; i++) expect((await draw(open)).status).toBe(200);
		expect((await draw(open, OTHER)).status).toBe(200);
		expect((await draw(open, OTHER)).status).toBe(429);

		const removed = await control(open, 'DELETE');
		expect(removed.body).toEqual({ limits: [], accepted: 0, refused429: 0, byModel: {} });
		for (let i = 0; i < 3; i++) expect((await draw(open, OTHER)).status).toBe(200);
	});

	it("removes one model's limit with DELETE ?model=", async () => {
		await control(open, 'POST', { requests: 1, windowMs: 60_000, model: MODEL });
		await control(open, 'POST', { requests: 1, windowMs: 60_000, model: OTHER });
		const left = await control(open, 'DELETE', undefined, `?model=${MODEL}`);
		expect(left.body.limits).toEqual([{ model: OTHER, requests: 1, windowMs: 60_000 }]);
		await control(open, 'DELETE');
	});

	it('rejects a limit that is not one', async () => {
		for (const body of [{ requests: -1 }, { requests: 2 }, { requests: 1.5, windowMs: 10 }, []]) {
			const answer = await control(open, 'POST', body);
			expect(answer.status).toBe(400);
			expect(answer.body.error.message).toMatch(/^POST \/__simulator\/quota takes/);
		}
		expect((await control(open, 'GET')).body.limits).toEqual([]);
	});

	it('counts Interactions creates, with the error in the Interactions shape', async () => {
		await control(open, 'POST', { requests: 2, windowMs: 30_000 });
		const body = { model: MODEL, input: 'a red kite' };
		expect((await createInteraction(open, body)).status).toBe(200);
		expect((await draw(open)).status).toBe(200);
		const refused = await createInteraction(open, body);
		expect(refused.status).toBe(429);
		const google = expectedBody(MODEL, 2, retryDelay(refused)).error;
		expect(refused.body).toEqual({
			error: { message: google.message, code: 'resource_exhausted', details: google.details },
		});
		expect((await draw(open)).status).toBe(429);
		expect(open.requests.slice(-4).map((r) => [r.path, r.status])).toEqual([
			['/v1beta/interactions', 200],
			[`/v1beta/models/${MODEL}:generateContent`, 200],
			['/v1beta/interactions', 429],
			[`/v1beta/models/${MODEL}:generateContent`, 429],
		]);
		expect((await control(open, 'GET')).body.byModel).toEqual({
			[MODEL]: { accepted: 2, refused429: 2 },
		});
		await control(open, 'DELETE');
	});
});

describe('options', () => {
	it('parses N/MS and refuses anything else', () => {
		expect(parseQuotaOption('X', '20/10000')).toEqual({ requests: 20, windowMs: 10_000 });
		expect(parseQuotaOption('--quota', '0/0')).toEqual({ requests: 0, windowMs: 0 });
		for (const bad of ['20', '20/0', 'a/b', '-1/100', undefined]) {
			expect(() => parseQuotaOption('--quota', bad)).toThrow(/--quota takes requests\/windowMs/);
		}
	});

	it('refuses a bad quota option at start', async () => {
		await expect(startSimulator({ quota: { requests: 2, windowMs: 0 } })).rejects.toThrow(
			/windowMs must be a whole number/,
		);
	});

	it('takes --quota and SIMULATOR_QUOTA in the CLI', async () => {
		const root = join(__dirname, '..', '..', '..');
		const tsx = join(root, 'node_modules', '.bin', 'tsx');
		const child = spawn(tsx, [join(__dirname, '..', 'cli.ts'), '--quota', '5/2000'], {
			cwd: root,
			env: { ...process.env, SIMULATOR_QUOTA: '20/10000' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const url = await new Promise<string>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				const match = /listening on (\S+)/.exec(chunk.toString());
				if (match) resolve(match[1]);
			});
			child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
		});
		const quota: any = await (await fetch(`${url}/__simulator/quota`)).json();
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		await exited;
		expect(quota.limits).toEqual([{ requests: 5, windowMs: 2000 }]);
	});
});
