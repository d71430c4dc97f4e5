/**
 * Images too large to send inline go up through the Files API, and Google makes an uploaded file
 * usable only once it is ACTIVE: the node polls a PROCESSING file until then, and stops with an
 * error when the file ends FAILED. The simulator steers a file's states by markers in its
 * displayName, which the node takes from the binary's file name.
 */
import { NodeApiError } from 'n8n-workflow';

import type { RunResult } from '../harness';
import type { Simulator } from '../simulator';
import {
	file,
	generateRequests,
	imageOf,
	noisePng,
	parametersOf,
	requestContents,
	runGeminiImage,
	uploadRequests,
	useSimulator,
} from './setup';

const simulator = useSimulator();
const edit = parametersOf('edit');

// Random pixels do not compress: about 19 MB, past the 20 MB inline budget once base64 adds its third.
const HUGE = noisePng(2200, 2200);

/** The GETs of uploaded files: the node's polls for their state. */
const filePolls = (sim: Simulator) =>
	sim.requests.filter(
		(request) => request.method === 'GET' && /^\/v1beta\/files\//.test(request.path),
	);

async function editHuge(fileName: string, continueOnFail = false): Promise<RunResult> {
	return runGeminiImage(simulator(), edit('Add a red hat'), {
		input: [{ json: {}, binary: { data: file(HUGE, 'image/png', fileName) } }],
		continueOnFail,
	});
}

describe('Edit with an image uploaded to the Files API', () => {
	it('waits while the file is PROCESSING, then sends it once ACTIVE and yields the image', async () => {
		const result = await editHuge('lake [sim:processing=2].png');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const image = await imageOf(result, result.items[0]);
		// Nano Banana 2.1 answers JPEG, as live.
		expect(image.type).toBe('jpg');
		expect([image.width, image.height]).toEqual([1024, 1024]);

		// The upload answered PROCESSING, so did two polls; the third found it ACTIVE.
		const polls = filePolls(simulator());
		expect(polls.map((request) => request.status)).toEqual([200, 200, 200]);
		expect(new Set(polls.map((request) => request.path)).size).toBe(1);
		const fileId = polls[0].path.slice('/v1beta/files/'.length);
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(requestContents(simulator())[0].parts).toContainEqual({
			fileData: { fileUri: `${simulator().url}/v1beta/files/${fileId}`, mimeType: 'image/png' },
		});
		// Every poll came before the request that uses the file.
		const generatedAt = generateRequests(simulator())[0].receivedAt;
		for (const poll of polls) expect(poll.receivedAt).toBeLessThanOrEqual(generatedAt);
	}, 60_000);

	it('stops with an error naming the file when it ends FAILED, and sends no request', async () => {
		const name = 'lake [sim:upload-failed].png';
		const message = `Gemini Files API upload failed for item 0: the Files API could not process ${name}: The file could not be processed.`;
		const hint =
			'Google could not use the uploaded image: re-export it as PNG or JPEG and run again.';

		const stopped = await editHuge(name);
		expect(stopped.items).toEqual([]);
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toBe(message);
		expect((stopped.error as NodeApiError).description).toBe(hint);
		expect(uploadRequests(simulator()).map((r) => r.headers['x-goog-upload-command'])).toEqual([
			'start',
			'upload',
			'upload',
			'upload, finalize',
		]);
		expect(filePolls(simulator())).toHaveLength(1);
		expect(generateRequests(simulator())).toHaveLength(0);

		simulator().reset();
		const continued = await editHuge(name, true);
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].binary).toBeUndefined();
		expect(continued.items[0].json.error).toEqual({
			message,
			description: hint,
			reason: 'UPLOAD',
			retryable: false,
		});
		expect(generateRequests(simulator())).toHaveLength(0);
	}, 60_000);
});

const starts = () =>
	uploadRequests(simulator()).filter((r) => r.headers['x-goog-upload-command'] === 'start');

describe('uploads under the retry policy', () => {
	it('retries an upload Google answers 503, then sends the image once ACTIVE', async () => {
		const result = await runGeminiImage(simulator(), edit('Add a red hat'), {
			input: [
				{
					json: {},
					binary: { data: file(HUGE, 'image/png', 'lake [sim:upload-unavailable=1].png') },
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(starts().map((request) => request.status)).toEqual([503, 200]);
		expect(generateRequests(simulator())).toHaveLength(1);
	}, 60_000);

	it('fails a file still PROCESSING when the wait runs out, and never uses it', async () => {
		const started = Date.now();
		const result = await runGeminiImage(
			simulator(),
			{ ...edit('Add a red hat'), options: { timeoutSeconds: 10, maxRetries: 0 } },
			{
				input: [
					{ json: {}, binary: { data: file(HUGE, 'image/png', 'lake [sim:processing=1000].png') } },
				],
				continueOnFail: true,
			},
		);
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items[0].json.error).toMatchObject({
			message: expect.stringMatching(
				/^Gemini Files API upload failed for item 0: the Files API was still processing lake \[sim:processing=1000\]\.png after \d+ s$/,
			),
			reason: 'UPLOAD',
			retryable: true,
		});
		expect(generateRequests(simulator())).toHaveLength(0);
	}, 60_000);
});
