import { createTestPng } from '../images/picture';
import { startSimulator } from '../server/server';
import { answerImage, client, decodeAnswer, generate, get, post } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('Files API', () => {
	it('takes an upload from the SDK, in one chunk', async () => {
		const png = await createTestPng(800, 600, 'upload');
		const file = await client(sim).files.upload({
			file: new Blob([png]),
			config: { mimeType: 'image/png', displayName: 'holiday.png' },
		});
		expect(file).toMatchObject({
			name: expect.stringMatching(/^files\/[a-z0-9]{12}$/),
			displayName: 'holiday.png',
			mimeType: 'image/png',
			sizeBytes: String(png.length),
			uri: `${sim.url}/v1beta/${file.name}`,
			state: 'ACTIVE',
			createTime: expect.any(String),
			expirationTime: expect.any(String),
		});
		const [start, upload] = sim.requests;
		expect(start.headers).toMatchObject({
			'x-goog-upload-protocol': 'resumable',
			'x-goog-upload-command': 'start',
			'x-goog-upload-header-content-length': String(png.length),
			'x-goog-upload-header-content-type': 'image/png',
		});
		expect(upload.headers).toMatchObject({
			'x-goog-upload-command': 'upload, finalize',
			'x-goog-upload-offset': '0',
		});
		expect(upload.bodyBytes).toBe(png.length);

		const fetched = await client(sim).files.get({ name: file.name! });
		expect(fetched.sizeBytes).toBe(String(png.length));
	});

	it('takes an upload larger than the SDK’s 8 MB chunk', async () => {
		const bytes = Buffer.alloc(9 * 1024 * 1024, 7);
		const file = await client(sim).files.upload({
			file: new Blob([bytes]),
			config: { mimeType: 'image/png' },
		});
		expect(file.sizeBytes).toBe(String(bytes.length));
		const commands = sim.requests.map((r) => r.headers['x-goog-upload-command']);
		expect(commands).toEqual(['start', 'upload', 'upload, finalize']);
	});

	it('lets generateContent use an uploaded image, counting it as a reference', async () => {
		const png = await createTestPng(1200, 900, 'reference');
		const file = await client(sim).files.upload({
			file: new Blob([png]),
			config: { mimeType: 'image/png' },
		});
		const answer = await client(sim).models.generateContent({
			model: 'gemini-3-pro-image',
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'restyle this' },
						{ fileData: { fileUri: file.uri!, mimeType: 'image/png' } },
					],
				},
			],
		});
		const image = decodeAnswer(answerImage(answer)!);
		expect([image.width, image.height]).toEqual([1200, 896]);

		const inline = { inlineData: { mimeType: 'image/png', data: png.toString('base64') } };
		const tooMany = await generate(sim, 'gemini-2.5-flash-image', {
			contents: [
				{
					parts: [
						{ text: 'x' },
						inline,
						inline,
						inline,
						{ fileData: { fileUri: file.uri, mimeType: 'image/png' } },
					],
				},
			],
		});
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error.message).toMatch(/contains 4 input images/);
	});

	it('refuses a fileUri it does not know', async () => {
		const answer = await generate(sim, 'gemini-3-pro-image', {
			contents: [
				{
					parts: [
						{ text: 'x' },
						{ fileData: { fileUri: `${sim.url}/v1beta/files/nosuchfile`, mimeType: 'image/png' } },
					],
				},
			],
		});
		expect(answer.status).toBe(403);
		expect(answer.body.error).toEqual({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: 'File nosuchfile is not found or permission denied.',
		});
		expect((await get(sim, '/v1beta/files/nosuchfile')).status).toBe(403);
	});

	it('refuses uploads that are not resumable, and finals of the wrong size', async () => {
		expect((await post(sim, '/upload/v1beta/files', { file: {} })).status).toBe(400);
		const start = await fetch(`${sim.url}/upload/v1beta/files`, {
			method: 'POST',
			headers: {
				'x-goog-api-key': sim.apiKey,
				'x-goog-upload-protocol': 'resumable',
				'x-goog-upload-command': 'start',
				'x-goog-upload-header-content-length': '10',
				'x-goog-upload-header-content-type': 'image/png',
			},
			body: '{}',
		});
		expect(start.headers.get('x-goog-upload-status')).toBe('active');
		const finish = await fetch(start.headers.get('x-goog-upload-url')!, {
			method: 'POST',
			headers: { 'x-goog-upload-command': 'upload, finalize', 'x-goog-upload-offset': '0' },
			body: Buffer.alloc(4),
		});
		expect(finish.status).toBe(400);
	});
});

describe('Files API: a file that takes time, or fails, to get ready', () => {
	const upload = async (displayName: string) =>
		client(sim).files.upload({
			file: new Blob([await createTestPng(64, 48, displayName)]),
			config: { mimeType: 'image/png', displayName },
		});

	it('[sim:processing=2] answers PROCESSING to the upload and the first 2 GETs, then ACTIVE', async () => {
		const file = await upload('slow [sim:processing=2].png');
		expect(file.state).toBe('PROCESSING');
		const states = [];
		for (let i = 0; i < 4; i++)
			states.push((await client(sim).files.get({ name: file.name! })).state);
		expect(states).toEqual(['PROCESSING', 'PROCESSING', 'ACTIVE', 'ACTIVE']);
	});

	it('[sim:upload-failed] ends in FAILED with the error Google attaches, after its PROCESSING GETs', async () => {
		const file = await upload('broken [sim:processing=1][sim:upload-failed].png');
		expect(file.state).toBe('PROCESSING');
		expect((await client(sim).files.get({ name: file.name! })).state).toBe('PROCESSING');
		const failed = await get(sim, `/v1beta/${file.name}`);
		expect(failed.body).toMatchObject({
			state: 'FAILED',
			error: { code: 3, message: 'The file could not be processed.' },
		});
		expect((await get(sim, `/v1beta/${file.name}`)).body.state).toBe('FAILED');
	});

	it('lists a file in the state it is in, without using up a GET', async () => {
		const file = await upload('listed [sim:processing=1].png');
		const listed = await get(sim, '/v1beta/files');
		expect(
			listed.body.files.find((entry: { name: string }) => entry.name === file.name).state,
		).toBe('PROCESSING');
		expect((await client(sim).files.get({ name: file.name! })).state).toBe('PROCESSING');
		expect((await client(sim).files.get({ name: file.name! })).state).toBe('ACTIVE');
	});

	it('rejects an unknown marker in a displayName, so a typo never passes silently', async () => {
		await expect(upload('typo [sim:procesing=2].png')).rejects.toMatchObject({
			status: 400,
			message: expect.stringContaining(
				"Unknown simulator marker [sim:procesing=2] in the file's displayName",
			),
		});
	});
});
