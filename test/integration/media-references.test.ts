/**
 * Videos and PDFs as references of Edit and Compose: inline when small, through the Files API
 * when large (a video stays PROCESSING a while), refused before sending where the model table
 * says the model takes images only, passed on to a model the table does not know.
 */
import type { IDataObject } from 'n8n-workflow';

import { GeminiImageVertexApi } from '../../credentials/GeminiImageVertexApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import { runNode } from '../harness';
import { registerExpressKey } from '../simulator';
import { tinyMp4, tinyPdf } from '../support/media';
import type { ErrorJson } from './setup';
import {
	carryOn,
	file,
	generateRequests,
	model,
	parametersOf,
	pngBytes,
	requestContents,
	runGeminiImage,
	uploadRequests,
	useSimulator,
} from './setup';

const simulator = useSimulator();
const edit = parametersOf('edit');
const compose = parametersOf('compose');
const FLASH = 'gemini-nano-banana-2.1';

// Past the 20 MB inline budget once base64 adds its third.
const LARGE_VIDEO = tinyMp4(16 * 1024 * 1024);

const errorOf = (result: { items: Array<{ json: IDataObject }> }) =>
	result.items[0].json.error as unknown as ErrorJson;

describe('video and PDF references sent inline', () => {
	it('Edit sends a small MP4 inline as video/mp4 and says so in the output JSON', async () => {
		const video = tinyMp4();
		const result = await runGeminiImage(simulator(), edit('A poster of this clip', {}, FLASH), {
			input: [{ json: {}, binary: { data: file(video, 'video/mp4', 'clip.mp4') } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(requestContents(simulator())[0].parts).toContainEqual({
			inlineData: { mimeType: 'video/mp4', data: video.toString('base64') },
		});
		expect(result.items[0].json.mediaInputs).toEqual([
			{
				item: 0,
				binaryProperty: 'data',
				fileName: 'clip.mp4',
				kind: 'video',
				mimeType: 'video/mp4',
				sizeBytes: video.length,
			},
		]);
	});

	it('Compose sends a PDF inline beside an image; an image-only request has no mediaInputs', async () => {
		const pdf = tinyPdf();
		const result = await runGeminiImage(
			simulator(),
			compose(
				'A cover for the brief (image 2) in the style of image 1',
				{
					referenceSource: 'namedProperties',
					references: {
						reference: [
							{ binaryProperty: 'style', role: 'none', label: '' },
							{ binaryProperty: 'brief', role: 'none', label: 'brief' },
						],
					},
				},
				FLASH,
			),
			{
				input: [
					{
						json: {},
						binary: {
							style: file(await pngBytes(64, 48), 'image/png', 'style.png'),
							brief: file(pdf, 'application/pdf', 'brief.pdf'),
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(requestContents(simulator())[0].parts).toContainEqual({
			inlineData: { mimeType: 'application/pdf', data: pdf.toString('base64') },
		});
		expect(result.items[0].json.mediaInputs).toEqual([
			expect.objectContaining({ binaryProperty: 'brief', kind: 'pdf', sizeBytes: pdf.length }),
		]);

		simulator().reset();
		const plain = await runGeminiImage(simulator(), edit('Warmer light', {}, FLASH), {
			input: [{ json: {}, binary: { data: file(await pngBytes(64, 48), 'image/png') } }],
		});
		expect(plain.items[0].json).not.toHaveProperty('mediaInputs');
	});
});

describe('a conversation that began with a video', () => {
	it('Refine resends the video as it was sent', async () => {
		const video = tinyMp4();
		const edited = await runGeminiImage(simulator(), edit('A poster of this clip', {}, FLASH), {
			input: [{ json: {}, binary: { data: file(video, 'video/mp4', 'clip.mp4') } }],
		});
		expect(edited.error).toBeUndefined();
		const next = await carryOn(edited, edited.items[0]);
		simulator().reset();
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Make the title larger' },
			{ input: [next] },
		);
		expect(refined.error).toBeUndefined();
		expect(refined.items[0].binary?.data).toBeDefined();
		expect(requestContents(simulator())[0].parts).toContainEqual({
			inlineData: { mimeType: 'video/mp4', data: video.toString('base64') },
		});
	});
});

describe('a large video through the Files API', () => {
	it('uploads it, waits while Google processes it, then sends it by its URI', async () => {
		const result = await runGeminiImage(simulator(), edit('A poster of this clip', {}, FLASH), {
			input: [
				{
					json: {},
					binary: { data: file(LARGE_VIDEO, 'video/mp4', 'clip [sim:processing=2].mp4') },
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(uploadRequests(simulator()).length).toBeGreaterThan(0);
		const polls = simulator().requests.filter(
			(request) => request.method === 'GET' && request.path.startsWith('/v1beta/files/'),
		);
		// Two polls found it PROCESSING, the third ACTIVE.
		expect(polls).toHaveLength(3);
		const fileParts = requestContents(simulator())[0].parts.filter((part) => 'fileData' in part);
		expect(fileParts).toEqual([
			{ fileData: { fileUri: expect.stringContaining('/v1beta/files/'), mimeType: 'video/mp4' } },
		]);
		expect(result.items[0].json.mediaInputs).toEqual([
			expect.objectContaining({ kind: 'video', sizeBytes: LARGE_VIDEO.length }),
		]);
	}, 60_000);

	it('fails when the processing outlasts the Request Timeout, naming the item, the file and the wait', async () => {
		const started = Date.now();
		const result = await runGeminiImage(
			simulator(),
			edit('A poster of this clip', { options: { timeoutSeconds: 10, maxRetries: 0 } }, FLASH),
			{
				input: [
					{
						json: {},
						binary: { data: file(LARGE_VIDEO, 'video/mp4', 'clip [sim:processing=1000].mp4') },
					},
				],
				continueOnFail: true,
			},
		);
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(errorOf(result).message).toMatch(
			/^Gemini Files API upload failed for item 0: the Files API was still processing clip \[sim:processing=1000\]\.mp4 after \d+ s$/,
		);
		expect(errorOf(result).description).toMatch(/Request Timeout/);
		expect(generateRequests(simulator())).toHaveLength(0);
	}, 60_000);
});

describe('what each model takes', () => {
	it('Nano Banana Pro refuses a video before sending, naming the item, the parameter and the model', async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('A poster of this clip', {}, 'gemini-3-pro-image'),
			{
				input: [{ json: {}, binary: { data: file(tinyMp4(), 'video/mp4', 'clip.mp4') } }],
				continueOnFail: true,
			},
		);
		expect(errorOf(result).message).toBe(
			'Nano Banana Pro (Gemini 3 Pro Image) takes no video references: "data" (clip.mp4) is a video (item 0)',
		);
		expect(errorOf(result).description).toBe(
			'Parameter "Input Binary Properties". Nano Banana Pro takes images only. Send images, or choose a model that takes videos (Nano Banana 2.1, Nano Banana 2 Lite).',
		);
		expect(generateRequests(simulator())).toHaveLength(0);
	});

	it("a model the table does not know gets the PDF, and Google's answer is shown", async () => {
		const result = await runGeminiImage(
			simulator(),
			edit('A cover for this brief', {}, 'gemini-9-vision-image'),
			{
				input: [{ json: {}, binary: { data: file(tinyPdf(), 'application/pdf', 'brief.pdf') } }],
				continueOnFail: true,
			},
		);
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(requestContents(simulator())[0].parts).toContainEqual({
			inlineData: { mimeType: 'application/pdf', data: tinyPdf().toString('base64') },
		});
		expect(errorOf(result).message).toMatch(
			/^Gemini API error for item 0: .*gemini-9-vision-image/,
		);
	});

	it('a file that is not what its type says is refused before sending', async () => {
		const result = await runGeminiImage(simulator(), edit('A poster', {}, FLASH), {
			input: [{ json: {}, binary: { data: file(tinyPdf(), 'video/mp4', 'clip.mp4') } }],
			continueOnFail: true,
		});
		expect(errorOf(result).message).toBe(
			'Binary property "data" (clip.mp4) of item 0 claims to be video/mp4 but holds PDF data',
		);
		expect(errorOf(result).description).toMatch(/^Parameter "Input Binary Properties"\. /);
		expect(generateRequests(simulator())).toHaveLength(0);
	});
});

describe("the simulator's checks, as Google's", () => {
	const post = (modelId: string, mimeType: string, bytes: Buffer) =>
		fetch(`${simulator().url}/v1beta/models/${modelId}:generateContent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-goog-api-key': simulator().apiKey },
			body: JSON.stringify({
				contents: [
					{
						role: 'user',
						parts: [
							{ text: 'A poster' },
							{ inlineData: { mimeType, data: bytes.toString('base64') } },
						],
					},
				],
				generationConfig: { responseModalities: ['IMAGE'] },
			}),
		});

	it('answers 400 for a corrupted video or PDF, and for a video on a model that takes images only', async () => {
		const corruptVideo = await post(FLASH, 'video/mp4', Buffer.from('this is no video at all'));
		expect(corruptVideo.status).toBe(400);
		expect(((await corruptVideo.json()) as { error: { message: string } }).error.message).toBe(
			'Request contains an invalid argument.',
		);
		const corruptPdf = await post(FLASH, 'application/pdf', tinyMp4());
		expect(((await corruptPdf.json()) as { error: { message: string } }).error.message).toBe(
			'The document has no pages.',
		);
		const onPro = await post('gemini-3-pro-image', 'video/mp4', tinyMp4());
		expect(onPro.status).toBe(400);
		expect(JSON.stringify(await onPro.json())).toContain('Unsupported MIME type: video/mp4');
		const fine = await post(FLASH, 'video/mp4', tinyMp4());
		expect(fine.status).toBe(200);
	});
});

describe('Vertex AI, which has no Files API', () => {
	it('refuses a large video as it refuses large images, before any request', async () => {
		const key = 'AQ.express-key-for-media';
		await registerExpressKey(simulator(), key, 'media-project');
		const result = await runNode({
			nodeType: new GeminiImage(),
			parameters: {
				authentication: 'vertexAi',
				operation: 'edit',
				model: model(FLASH),
				prompt: 'A poster of this clip',
			},
			credentials: {
				geminiImageVertexApi: {
					type: new GeminiImageVertexApi(),
					data: {
						authType: 'expressKey',
						apiKey: key,
						baseUrl: simulator().url,
						apiVersion: 'v1beta1',
					},
				},
			},
			input: [{ json: {}, binary: { data: file(LARGE_VIDEO, 'video/mp4', 'clip.mp4') } }],
			continueOnFail: true,
		});
		expect(errorOf(result).message).toMatch(
			/^The images of item 0 make a \d+ MB request, more than the 20 MB Vertex AI takes inline$/,
		);
		expect(errorOf(result).description).toMatch(/no Files API/);
		expect(simulator().requests.filter((r) => !r.path.startsWith('/__simulator'))).toHaveLength(0);
	});
});
