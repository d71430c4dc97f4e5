/** Transport scenarios ([sim:slow], [sim:drop], [sim:truncate], [sim:malformed]) and fail-first with them. */
import { startSimulator } from '../server/server';
import { client, generate, post, prompt } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const MODEL = 'gemini-3.1-flash-image';

describe('transport scenarios', () => {
	it('[sim:slow=300] delays the answer', async () => {
		const started = Date.now();
		const answer = await generate(sim, MODEL, prompt('x [sim:slow=300]'));
		expect(answer.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('[sim:slow] stops cleanly when the client gives up', async () => {
		const answer = client(sim).models.generateContent({
			model: MODEL,
			contents: 'x [sim:slow=5000]',
			config: { httpOptions: { timeout: 200 } },
		});
		await expect(answer).rejects.toThrow();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(sim.requests[0]).toMatchObject({ status: 0, clientAborted: true });
		expect((await generate(sim, MODEL, prompt('still alive'))).status).toBe(200);
	});

	it('[sim:drop] closes the connection without an answer', async () => {
		await expect(generate(sim, MODEL, prompt('x [sim:drop]'))).rejects.toThrow(/fetch failed/);
		expect(sim.requests[0].status).toBe(0);
		expect(sim.requests[0].clientAborted).toBeUndefined();
	});

	it('[sim:truncate] sends half a JSON body', async () => {
		const response = await fetch(`${sim.url}/v1beta/models/${MODEL}:generateContent`, {
			method: 'POST',
			headers: { 'x-goog-api-key': sim.apiKey },
			body: JSON.stringify(prompt('x [sim:truncate]')),
		});
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text.startsWith('{')).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
		await expect(
			client(sim).models.generateContent({
				model: MODEL,
				contents: 'y [sim:truncate]',
			}),
		).rejects.toThrow();
	});

	it('[sim:malformed] answers 200 with a body that is not JSON', async () => {
		const response = await fetch(`${sim.url}/v1beta/models/${MODEL}:generateContent`, {
			method: 'POST',
			headers: { 'x-goog-api-key': sim.apiKey },
			body: JSON.stringify(prompt('x [sim:malformed]')),
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const text = await response.text();
		expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
		await expect(
			client(sim).models.generateContent({
				model: MODEL,
				contents: 'y [sim:malformed]',
			}),
		).rejects.toThrow();
		expect(sim.requests.map((request) => request.status)).toEqual([200, 200]);
	});
	it('latencyMs delays every generateContent', async () => {
		const slow = await startSimulator({ latencyMs: 200 });
		try {
			const started = Date.now();
			await post(slow, '/v1beta/models/gemini-2.5-flash-image:generateContent', prompt('x'));
			expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		} finally {
			await slow.close();
		}
	});
});

describe('fail-first with transport faults', () => {
	/** POSTs the prompt and says what came back: the status, "dropped", or "not JSON". */
	async function attempt(text: string): Promise<number | 'dropped' | 'not JSON'> {
		let response: Response;
		try {
			response = await fetch(`${sim.url}/v1beta/models/${MODEL}:generateContent`, {
				method: 'POST',
				headers: { 'x-goog-api-key': sim.apiKey },
				body: JSON.stringify(prompt(text)),
			});
		} catch {
			return 'dropped';
		}
		const body = await response.text();
		try {
			JSON.parse(body);
		} catch {
			return 'not JSON';
		}
		return response.status;
	}

	it.each([
		['drop', 'dropped'],
		['truncate', 'not JSON'],
		['malformed', 'not JSON'],
	] as const)(
		'[sim:fail-first=2:%s] breaks the first two answers, then succeeds',
		async (fault, broken) => {
			const text = `retry me [sim:fail-first=2:${fault}]`;
			const outcomes = [];
			for (let i = 0; i < 4; i++) outcomes.push(await attempt(text));
			expect(outcomes).toEqual([broken, broken, 200, 200]);
			expect(sim.requests).toHaveLength(4);
			expect(await attempt(`another prompt [sim:fail-first=2:${fault}]`)).toBe(broken);
			sim.reset();
			expect(await attempt(text)).toBe(broken);
		},
	);

	it('[sim:fail-first=1:slow=300] delays only the first answer', async () => {
		const text = 'wait once [sim:fail-first=1:slow=300]';
		let started = Date.now();
		expect(await attempt(text)).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		started = Date.now();
		expect(await attempt(text)).toBe(200);
		expect(Date.now() - started).toBeLessThan(290);
	});

	it('counts a slow request on arrival, so the retry after a client timeout is answered at once', async () => {
		const contents = 'timeout once [sim:fail-first=1:slow=60000]';
		await expect(
			client(sim).models.generateContent({
				model: MODEL,
				contents,
				config: { httpOptions: { timeout: 200 } },
			}),
		).rejects.toThrow();
		const started = Date.now();
		const answer = await client(sim).models.generateContent({
			model: MODEL,
			contents,
		});
		expect(answer.candidates?.[0]?.content?.parts?.some((part) => part.inlineData)).toBe(true);
		expect(Date.now() - started).toBeLessThan(5000);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(sim.requests.map((request) => [request.status, request.clientAborted])).toEqual([
			[0, true],
			[200, undefined],
		]);
	});

	it('keeps a separate count per fault and per prompt', async () => {
		expect(await attempt('a [sim:fail-first=1:drop]')).toBe('dropped');
		expect(await attempt('a [sim:fail-first=1:truncate]')).toBe('not JSON');
		expect(await attempt('b [sim:fail-first=1:drop]')).toBe('dropped');
		expect(await attempt('a [sim:fail-first=1:drop]')).toBe(200);
		expect(await attempt('a [sim:fail-first=1:truncate]')).toBe(200);
	});
});
