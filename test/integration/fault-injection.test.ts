/**
 * Hundreds of items through one run with Continue On Fail, each carrying a fault picked for it by
 * a seeded generator: passing faults within the retry budget must end in the image, the rest in
 * an error item that says why. Nothing lost, nothing duplicated, the API key nowhere.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import * as jpeg from 'jpeg-js';

import type { RunResult } from '../harness';
import type { RecordedRequest } from '../simulator';
import type { ErrorJson } from './setup';
import { generateRequests, model, runGeminiImage, useSimulator } from './setup';
import { MAX_QUOTA_WAITS } from '../../nodes/GeminiImage/transport/retries';

const API_KEY = 'AIzaSyFAULT-injection-KEY-7f3c9e1d5b2a';
const SEED = 20261107;
const ITEM_COUNT = 500;
const MAX_RETRIES = 3;
const ATTEMPTS = MAX_RETRIES + 1;
/** A 429 with a delay waits it out MAX_QUOTA_WAITS times before it spends a retry. */
const QUOTA_ATTEMPTS = MAX_QUOTA_WAITS + ATTEMPTS;
const IMAGE_SIDE = 512;

// Nano Banana 2 at 512 (the smallest images) keeps 500 items fast: served as a gateway still does.
const simulator = useSimulator({ apiKey: API_KEY, retiredModels: [] });

/** mulberry32: small, fast and the same sequence on every machine. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One item's planned fault, and what the simulator should have seen of it. */
interface Fault {
	kind: string;
	/** Requests that fail before the answer (or, beyond the budget, before giving up). */
	faults: number;
	marker: string;
	retryDelayMs?: number;
}

interface FaultKind {
	count: number;
	plan(random: () => number, nth: number): Omit<Fault, 'kind'>;
	/** The statuses the simulator answered, in order (0: no answer). */
	statuses(fault: Fault): number[];
	/** Undefined for faults that must end in the image. */
	error?(fault: Fault, index: number): { json: Partial<ErrorJson>; message: RegExp | string };
}

const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

/**
 * Faults within the budget: mostly one or two, and the first of each kind exactly the budget
 * (three failures, the fourth attempt answers). The backoff (2 s base, doubling, with jitter)
 * is what makes a run long, so the deeper faults are kept few.
 */
function faultsWithinBudget(random: () => number, nth: number): number {
	if (nth === 0) return MAX_RETRIES;
	const draw = random();
	return draw < 0.75 ? 1 : draw < 0.97 ? 2 : 3;
}

const statusFault = (status: number, count: number): FaultKind => ({
	count,
	plan: (random, nth) => {
		const faults = faultsWithinBudget(random, nth);
		return { faults, marker: `[sim:fail-first=${faults}:${status}]` };
	},
	statuses: ({ faults }) => [...repeat(status, faults), 200],
});

const transportFault = (name: string, failedStatus: number, count: number): FaultKind => ({
	count,
	plan: (random, nth) => {
		const faults = faultsWithinBudget(random, nth);
		return { faults, marker: `[sim:fail-first=${faults}:${name}]` };
	},
	statuses: ({ faults }) => [...repeat(failedStatus, faults), 200],
});

const REPHRASE = 'Rephrase the prompt (or change the input images) and run again.';
const QUOTA_MESSAGE = 'You exceeded your current quota, please check your plan and billing details';

/** The mix: 408 items that must end in an image, 92 that must end in an error item. */
const FAULT_KINDS: Record<string, FaultKind> = {
	clean: { count: 163, plan: () => ({ faults: 0, marker: '' }), statuses: () => [200] },
	'429 with a short RetryInfo delay': {
		count: 60,
		plan: (random, nth) => {
			const faults = faultsWithinBudget(random, nth);
			const retryDelayMs = 100 + Math.floor(random() * 4) * 100;
			return { faults, retryDelayMs, marker: `[sim:fail-first=${faults}:429=${retryDelayMs}ms]` };
		},
		statuses: ({ faults }) => [...repeat(429, faults), 200],
	},
	'503 overloaded': statusFault(503, 40),
	'500 internal': statusFault(500, 30),
	'504 deadline': statusFault(504, 15),
	'dropped connection': transportFault('drop', 0, 30),
	'truncated 200 body': transportFault('truncate', 200, 30),
	'malformed 200 body': transportFault('malformed', 200, 30),
	'slow answer past the timeout': {
		count: 10,
		// The simulator would wait a minute; the node's 10 s timeout gives up first.
		plan: () => ({ faults: 1, marker: '[sim:fail-first=1:slow=60000]' }),
		statuses: () => [0, 200],
	},
	refusal: {
		count: 25,
		plan: () => ({ faults: 1, marker: '[sim:refusal]' }),
		statuses: () => [200],
		error: (_, index) => ({
			message: `No image for item ${index}: the model refused for safety reasons (IMAGE_SAFETY)`,
			json: {
				reason: 'IMAGE_SAFETY',
				retryable: false,
				description: `The model said: "Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You will not be charged for blocked images." ${REPHRASE}`,
			},
		}),
	},
	'blocked prompt': {
		count: 10,
		plan: () => ({ faults: 1, marker: '[sim:blocked]' }),
		statuses: () => [200],
		error: (_, index) => ({
			message: `No image for item ${index}: the prompt was blocked (PROHIBITED_CONTENT)`,
			json: {
				reason: 'PROHIBITED_CONTENT',
				retryable: false,
				description: `Google blocked the prompt before generating. ${REPHRASE}`,
			},
		}),
	},
	'400 invalid argument': {
		count: 20,
		plan: () => ({ faults: 1, marker: '[sim:400]' }),
		statuses: () => [400],
		error: (_, index) => ({
			message: `Gemini API error for item ${index}: Request contains an invalid argument. [400 INVALID_ARGUMENT]`,
			json: {
				reason: 'INVALID_ARGUMENT',
				retryable: false,
				httpStatus: 400,
				description: 'Google rejected the request: check the setting named in the message.',
			},
		}),
	},
	'429 with quota zero': {
		count: 20,
		plan: () => ({ faults: 1, marker: '[sim:quota-zero]' }),
		statuses: () => [429],
		error: (_, index) => ({
			message: new RegExp(
				`^Gemini API error for item ${index}: ${QUOTA_MESSAGE}[\\s\\S]*limit: 0, model: gemini-3\\.1-flash-image[\\s\\S]* \\[429 RESOURCE_EXHAUSTED\\]$`,
			),
			json: {
				reason: 'RESOURCE_EXHAUSTED',
				retryable: false,
				httpStatus: 429,
				description:
					"The project has no quota for this model (limit: 0). Google's free tier has no image generation: enable billing for the key's project in Google AI Studio.",
			},
		}),
	},
	'503 that outlasts the budget': {
		count: 6,
		plan: () => ({ faults: ATTEMPTS, marker: '[sim:503]' }),
		statuses: () => repeat(503, ATTEMPTS),
		error: (_, index) => ({
			message: `Gemini API error for item ${index} after ${ATTEMPTS} attempts: The model is overloaded. Please try again later. [503 UNAVAILABLE]`,
			json: {
				reason: 'UNAVAILABLE',
				retryable: true,
				httpStatus: 503,
				attempts: ATTEMPTS,
				description: 'The model is overloaded: run again in a minute.',
			},
		}),
	},
	'429 that outlasts the budget': {
		count: 8,
		// One failure more than the node will try: the shared quota waits (which spend no
		// retries) and then Max Retries run out first.
		plan: () => ({
			faults: QUOTA_ATTEMPTS,
			retryDelayMs: 200,
			marker: `[sim:fail-first=${QUOTA_ATTEMPTS + 1}:429=200ms]`,
		}),
		statuses: () => repeat(429, QUOTA_ATTEMPTS),
		error: ({ retryDelayMs = 0 }, index) => ({
			message: new RegExp(
				`^Gemini API error for item ${index} after ${QUOTA_ATTEMPTS} attempts: ${QUOTA_MESSAGE}[\\s\\S]*Please retry in 0\\.4s\\. \\[429 RESOURCE_EXHAUSTED\\]$`,
			),
			json: {
				reason: 'RESOURCE_EXHAUSTED',
				retryable: true,
				httpStatus: 429,
				attempts: QUOTA_ATTEMPTS,
				retryDelaySeconds: retryDelayMs / 1000,
				description: `The quota is used up for now: Google asks to wait ${retryDelayMs / 1000}s before the next request. Lower the number of parallel requests, or raise the quota in Google AI Studio.`,
			},
		}),
	},
	'connection dropped every time': {
		count: 3,
		plan: () => ({ faults: ATTEMPTS, marker: '[sim:drop]' }),
		statuses: () => repeat(0, ATTEMPTS),
		error: (_, index) => ({
			message: new RegExp(
				`^Gemini API unreachable for item ${index} after ${ATTEMPTS} attempts: fetch failed: `,
			),
			json: {
				reason: 'NETWORK',
				retryable: true,
				attempts: ATTEMPTS,
				description:
					"Google's API could not be reached: check the credential's Base URL and this machine's network.",
			},
		}),
	},
};

/** Every kind's items, shuffled into one deterministic order. */
function planFaults(seed: number): Fault[] {
	const random = seededRandom(seed);
	const faults: Fault[] = Object.entries(FAULT_KINDS).flatMap(([kind, spec]) =>
		Array.from({ length: spec.count }, (_, nth) => ({ kind, ...spec.plan(random, nth) })),
	);
	for (let i = faults.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[faults[i], faults[j]] = [faults[j], faults[i]];
	}
	return faults;
}

const promptOf = (index: number, fault: Fault) =>
	`item ${index}: a lighthouse, ${fault.kind} ${fault.marker}`.trim();

function lastUserText(request: RecordedRequest): string {
	const contents = (request.body as { contents: Array<{ parts: Array<{ text?: string }> }> })
		.contents;
	return contents[contents.length - 1].parts[0].text ?? '';
}

describe('fault injection: 500 items, one run, Continue On Fail', () => {
	const faults = planFaults(SEED);
	let result: RunResult;
	let wallMs: number;
	let requestsByPrompt: Map<string, RecordedRequest[]>;

	beforeAll(async () => {
		expect(faults).toHaveLength(ITEM_COUNT);
		const started = Date.now();
		result = await runGeminiImage(
			simulator(),
			{
				operation: 'generate',
				model: model('gemini-3.1-flash-image'),
				prompt: '={{ $json.prompt }}',
				options: {
					imageSize: '512',
					parallelRequests: 25,
					maxRetries: MAX_RETRIES,
					timeoutSeconds: 10,
				},
			},
			{
				continueOnFail: true,
				input: faults.map((fault, index) => ({ json: { prompt: promptOf(index, fault) } })),
			},
		);
		wallMs = Date.now() - started;
		requestsByPrompt = new Map();
		for (const request of generateRequests(simulator())) {
			const text = lastUserText(request);
			requestsByPrompt.set(text, [...(requestsByPrompt.get(text) ?? []), request]);
		}
		// Kept apart: the simulator's own record is cleared before each test.
	}, 180_000);

	it('yields exactly one item per input item, in input order, paired to it', () => {
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ITEM_COUNT);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			faults.map((_, index) => ({ item: index })),
		);
		for (const [index, item] of result.items.entries()) {
			if (item.json.error) expect(item.binary).toBeUndefined();
			else expect(item.json.prompt).toBe(promptOf(index, faults[index]));
		}
		// Every prompt reached the API, none was sent by another item.
		expect([...requestsByPrompt.keys()].sort()).toEqual(
			faults.map((fault, index) => promptOf(index, fault)).sort(),
		);
	});

	it('ends every fault within the budget in a real image, after exactly faults + 1 requests', async () => {
		const failures: string[] = [];
		for (const [index, fault] of faults.entries()) {
			if (FAULT_KINDS[fault.kind].error) continue;
			const item: INodeExecutionData = result.items[index];
			const requests = requestsByPrompt.get(promptOf(index, fault)) ?? [];
			const statuses = requests.map((request) => request.status);
			const expected = FAULT_KINDS[fault.kind].statuses(fault);
			if (item.json.error || !item.binary?.data) {
				failures.push(
					`item ${index} (${fault.kind}, ${fault.faults} faults): ${(item.json.error as IDataObject)?.message}`,
				);
				continue;
			}
			if (requests.length !== fault.faults + 1 || statuses.join() !== expected.join()) {
				failures.push(
					`item ${index} (${fault.kind}): statuses ${statuses.join()} where ${expected.join()} was expected`,
				);
			}
			const bytes = await result.readBinary(item);
			// Decoded, not only read from the header: Nano Banana 2 answers live-sized JPEGs.
			const decoded = jpeg.decode(bytes);
			expect([decoded.width, decoded.height]).toEqual([IMAGE_SIDE, IMAGE_SIDE]);
			expect(item.json).toMatchObject({
				mimeType: 'image/jpeg',
				width: IMAGE_SIDE,
				height: IMAGE_SIDE,
				fileSize: bytes.length,
				imageNumber: 1,
				imageCount: 1,
			});
			expect(item.binary.data.mimeType).toBe('image/jpeg');
		}
		expect(failures).toEqual([]);
		// The first attempt of a timed-out item was given up by the node, not dropped by the API.
		for (const [index, fault] of faults.entries()) {
			if (fault.kind !== 'slow answer past the timeout') continue;
			const [first] = requestsByPrompt.get(promptOf(index, fault)) ?? [];
			expect(first.clientAborted).toBe(true);
		}
	}, 120_000);

	it('turns every other fault into an error item that says why', () => {
		const failures: string[] = [];
		for (const [index, fault] of faults.entries()) {
			const kind = FAULT_KINDS[fault.kind];
			if (!kind.error) continue;
			const error = result.items[index].json.error as ErrorJson | undefined;
			const expected = kind.error(fault, index);
			if (!error) {
				failures.push(`item ${index} (${fault.kind}): an image where an error was expected`);
				continue;
			}
			expect(error).toMatchObject(expected.json);
			if (typeof expected.message === 'string') expect(error.message).toBe(expected.message);
			else expect(error.message).toMatch(expected.message);
			if (!('httpStatus' in expected.json)) expect(error.httpStatus).toBeUndefined();
			if (!('attempts' in expected.json)) expect(error.attempts).toBeUndefined();
			const statuses = (requestsByPrompt.get(promptOf(index, fault)) ?? []).map(
				(request) => request.status,
			);
			expect({ index, statuses }).toEqual({ index, statuses: kind.statuses(fault) });
		}
		expect(failures).toEqual([]);
	});

	it('never lets the API key out: not in items, errors, logs or any request URL', () => {
		const outputs = JSON.stringify(result.items);
		expect(outputs).not.toContain(API_KEY);
		for (const item of result.items) {
			const error = item.json.error as ErrorJson | undefined;
			if (!error) continue;
			expect(error.message).not.toContain(API_KEY);
			expect(error.description ?? '').not.toContain(API_KEY);
		}
		expect(result.logs.join('\n')).not.toContain(API_KEY);
		expect(JSON.stringify(result.execution.data.resultData)).not.toContain(API_KEY);
		const requests = [...requestsByPrompt.values()].flat();
		for (const request of requests) {
			expect(request.path).not.toContain(API_KEY);
			expect(JSON.stringify(request.query)).not.toContain(API_KEY);
			// It travelled, and only in its header.
			expect(request.apiKeySource).toBe('header');
			expect(request.headers['x-goog-api-key']).toBe(API_KEY);
		}
	});

	it('reports the mix, its outcome and the wall time', () => {
		const outcome: Record<string, { items: number; images: number; errors: number }> = {};
		for (const [index, fault] of faults.entries()) {
			const row = (outcome[fault.kind] ??= { items: 0, images: 0, errors: 0 });
			row.items++;
			if (result.items[index].json.error) row.errors++;
			else row.images++;
		}
		const requests = [...requestsByPrompt.values()].reduce((sum, list) => sum + list.length, 0);
		console.log(
			`Fault injection (seed ${SEED}): ${ITEM_COUNT} items, ${requests} requests, ${(wallMs / 1000).toFixed(1)} s\n` +
				Object.entries(outcome)
					.map(
						([kind, row]) =>
							`  ${kind.padEnd(32)} ${String(row.items).padStart(3)} items: ${row.images} images, ${row.errors} errors`,
					)
					.join('\n'),
		);
		// Written out by hand, not derived from FAULT_KINDS: 408 images, 92 error items.
		const images = (items: number) => ({ items, images: items, errors: 0 });
		const errors = (items: number) => ({ items, images: 0, errors: items });
		expect(outcome).toEqual({
			clean: images(163),
			'429 with a short RetryInfo delay': images(60),
			'503 overloaded': images(40),
			'500 internal': images(30),
			'504 deadline': images(15),
			'dropped connection': images(30),
			'truncated 200 body': images(30),
			'malformed 200 body': images(30),
			'slow answer past the timeout': images(10),
			refusal: errors(25),
			'blocked prompt': errors(10),
			'400 invalid argument': errors(20),
			'429 with quota zero': errors(20),
			'503 that outlasts the budget': errors(6),
			'429 that outlasts the budget': errors(8),
			'connection dropped every time': errors(3),
		});
		const total = Object.values(outcome).reduce(
			(sum, row) => ({ images: sum.images + row.images, errors: sum.errors + row.errors }),
			{ images: 0, errors: 0 },
		);
		expect(total).toEqual({ images: 408, errors: 92 });
	});
});
