import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { InputItem } from '../harness';
import type { Simulator } from '../simulator';
import { createTestPng } from '../simulator';
import { carryOn, file, model, runGeminiImage, useSimulator } from './setup';

/**
 * What each operation sends, on each API, as the simulator received it: compared with the
 * committed bodies in test/fixtures/requests/, so a change in what the node sends shows in
 * the diff. UPDATE_FIXTURES=1 rewrites them after an intended change.
 */
const simulator = useSimulator();
const FIXTURES = join(__dirname, '../fixtures/requests');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const PRO = 'gemini-3-pro-image';

/** The node versions whose API parameter defaults to each API. */
const APIS = { generateContent: 1.1, interactions: 1.2 } as const;
type Api = keyof typeof APIS;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The body with what changes from run to run replaced: image data by its size and type, thought
 * signatures by their length, IDs Google makes by a placeholder.
 */
function normalise(value: unknown, key = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => normalise(entry, key));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([name, entry]) => [
				name,
				normalise(entry, name),
			]),
		);
	}
	if (typeof value !== 'string') return value;
	if (key === 'data' && BASE64.test(value)) {
		return `<${Buffer.from(value, 'base64').length} bytes>`;
	}
	if (/signature/i.test(key)) return `<signature of ${value.length} characters>`;
	if (/interaction_id$|^fileName$|^fileUri$|^file_uri$|^uri$/.test(key)) return `<${key}>`;
	return value;
}

function expectFixture(name: string, body: unknown): void {
	const path = join(FIXTURES, `${name}.json`);
	const actual = normalise(body);
	if (UPDATE || !existsSync(path)) {
		mkdirSync(FIXTURES, { recursive: true });
		writeFileSync(path, `${JSON.stringify(actual, null, '\t')}\n`);
		if (!UPDATE) throw new Error(`${path} did not exist: written, check it and commit it`);
		return;
	}
	expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

/** The body of the last generation request: generateContent, or a new interaction. */
function sentBody(sim: Simulator, api: Api): unknown {
	const sent = sim.requests.filter((request) =>
		api === 'generateContent'
			? request.path.endsWith(':generateContent')
			: request.method === 'POST' && request.path === '/v1beta/interactions',
	);
	expect(sent.length).toBeGreaterThan(0);
	return sent.at(-1)?.body;
}

async function send(api: Api, parameters: Record<string, unknown>, input?: InputItem[]) {
	const result = await runGeminiImage(simulator(), parameters, { input, typeVersion: APIS[api] });
	expect(result.error).toBeUndefined();
	return result;
}

const generate = { operation: 'generate', model: model(PRO), prompt: 'A lighthouse at dusk' };

let photo: Buffer;
let person: Buffer;

beforeAll(async () => {
	photo = await createTestPng(320, 240, 'street');
	person = await createTestPng(200, 240, 'anna');
});

describe.each(Object.keys(APIS) as Api[])('what each operation sends on %s', (api) => {
	it('Generate', async () => {
		await send(api, { ...generate, options: { aspectRatio: '16:9', imageSize: '2K' } });
		expectFixture(`generate.${api}`, sentBody(simulator(), api));
	});

	it('Edit', async () => {
		await send(api, { operation: 'edit', model: model(PRO), prompt: 'Add snow' }, [
			{ json: {}, binary: { data: file(photo, 'image/png', 'street.png') } },
		]);
		expectFixture(`edit.${api}`, sentBody(simulator(), api));
	});

	it('Compose', async () => {
		const references = {
			referenceSource: 'namedProperties',
			references: {
				reference: [
					{ binaryProperty: 'room', role: 'object', label: 'street' },
					{ binaryProperty: 'anna', role: 'character', label: 'Anna' },
				],
			},
		};
		await send(
			api,
			{ operation: 'compose', model: model(PRO), prompt: 'Anna here', ...references },
			[{ json: {}, binary: { room: file(photo, 'image/png'), anna: file(person, 'image/png') } }],
		);
		expectFixture(`compose.${api}`, sentBody(simulator(), api));
	});

	it('Generate with Google Search', async () => {
		await send(api, { ...generate, operation: 'generateWithSearch', prompt: "Today's weather" });
		expectFixture(`generateWithSearch.${api}`, sentBody(simulator(), api));
	});

	it('Refine', async () => {
		const first = await send(api, generate);
		const next = await carryOn(first, first.items[0]);
		simulator().reset();
		await send(api, { operation: 'refine', prompt: 'Make it night' }, [next]);
		expectFixture(`refine.${api}`, sentBody(simulator(), api));
	});
});

describe('what a batch job sends', () => {
	it('Run As: Batch Job creates the job from the uploaded lines', async () => {
		await send('interactions', { ...generate, runAs: 'batch', batchDisplayName: 'Nightly' });
		const created = simulator().requests.filter((request) =>
			request.path.endsWith(':batchGenerateContent'),
		);
		expect(created).toHaveLength(1);
		expectFixture('batch.generateContent', created[0].body);
	});
});
