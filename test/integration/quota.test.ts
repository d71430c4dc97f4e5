import type { Simulator } from '../simulator';
import { model, runGeminiImage, useSimulator } from './setup';

/**
 * Pacing against the simulator's quota per key and model (Google's 429 with RetryInfo of the
 * time left in the window): Requests per Minute keeps a run under it; without it, a 429 holds
 * back every request of the credential and model once, and no item is lost either way.
 */
const simulator = useSimulator({ quota: { requests: 4, windowMs: 2000 } });
const NANO = 'gemini-nano-banana-2.1';

const prompts = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ json: { prompt: `A tile ${i}` } }));
const generate = (options: Record<string, unknown>) => ({
	operation: 'generate',
	model: model(NANO),
	prompt: '={{ $json.prompt }}',
	options: { maxRetries: 3, ...options },
});

async function quotaCounts(sim: Simulator) {
	return (await (await fetch(`${sim.url}/__simulator/quota`)).json()) as {
		accepted: number;
		refused429: number;
	};
}

describe('pacing to the quota', () => {
	it('Requests per Minute keeps the run under the quota: no 429, every image, the wait in the JSON', async () => {
		// 4 per 2 s is 120 a minute; 60 spaces the requests 1 s apart, so a busy machine that
		// delays one request by up to a second still cannot put five in one window.
		const result = await runGeminiImage(simulator(), generate({ requestsPerMinute: 60 }), {
			input: prompts(8),
		});
		expect(result.items.map((item) => item.json.error)).toEqual(Array(8).fill(undefined));
		expect(await quotaCounts(simulator())).toMatchObject({ accepted: 8, refused429: 0 });
		// The pace, read from when the simulator received each request: 8 requests at least 1 s
		// apart span at least 7 s (a delay can stretch the span, never shorten it below the pace,
		// unless the first request itself is held back; 0.9 allows for that).
		const times = simulator()
			.requests.filter((request) => request.path.endsWith(':generateContent'))
			.map((request) => request.receivedAt);
		expect(times).toHaveLength(8);
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(0.9 * 7 * 1000);
		const waits = result.items.map((item) => item.json.quotaWaitSeconds as number);
		expect(waits[0]).toBe(0);
		expect(Math.max(...waits)).toBeGreaterThanOrEqual(5);
	}, 60_000);

	it('without it, a 429 holds back the whole run once, and no item is lost or spends its retries', async () => {
		const result = await runGeminiImage(
			simulator(),
			generate({ maxRetries: 1, parallelRequests: 8 }),
			{
				input: prompts(8),
			},
		);
		expect(result.items.map((item) => item.json.error)).toEqual(Array(8).fill(undefined));
		const counts = await quotaCounts(simulator());
		expect(counts.accepted).toBe(8);
		// The first window refuses those in flight; the shared wait keeps the rest from trying
		// again before the window frees (each of 4 waiting items would otherwise retry alone).
		expect(counts.refused429).toBeLessThanOrEqual(8);
		expect(result.items.some((item) => (item.json.quotaWaitSeconds as number) > 0)).toBe(true);
	}, 30_000);

	it('two executions at once in one process share the pace of their credential and model', async () => {
		const run = () =>
			runGeminiImage(simulator(), generate({ requestsPerMinute: 60 }), { input: prompts(4) });
		const [a, b] = await Promise.all([run(), run()]);
		for (const result of [a, b]) {
			expect(result.items.map((item) => item.json.error)).toEqual(Array(4).fill(undefined));
		}
		expect(await quotaCounts(simulator())).toMatchObject({ accepted: 8, refused429: 0 });
	}, 30_000);

	it('still fails a zero quota at once, with its message', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ ...generate({}), prompt: 'A tile [sim:quota-zero]' },
			{ continueOnFail: true },
		);
		expect(
			(result.items[0].json.error as { message: string; attempts?: number }).message,
		).toContain('limit: 0');
		expect(simulator().requests.filter((r) => r.path.endsWith(':generateContent'))).toHaveLength(1);
	});
});
