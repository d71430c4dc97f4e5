import {
	batchKey,
	batchLine,
	batchRequestFailure,
	estimateBatchImageCostUsd,
	isFinished,
	parseBatchKey,
	shortState,
} from '../../../../nodes/GeminiImage/gemini/batch/lines';
import { readBatchJob } from '../../../../nodes/GeminiImage/gemini/batch/job';
import { estimateImageCostUsd } from '../../../../nodes/GeminiImage/gemini/catalogue/prices';
import { buildGenerateContentRequest } from '../../../../nodes/GeminiImage/gemini/generateContent/adapter';

describe('batch keys', () => {
	it('carry the item, the image, the size and the carried field there and back', () => {
		const origin = { itemIndex: 12, imageNumber: 2, imageSize: '4K' as const, carry: 'sku "7"' };
		expect(parseBatchKey(batchKey(origin))).toEqual(origin);
		expect(parseBatchKey(batchKey({ itemIndex: 0, imageNumber: 1 }))).toEqual({
			itemIndex: 0,
			imageNumber: 1,
		});
	});

	it('are refused when this node did not write them', () => {
		for (const key of [
			undefined,
			7,
			'item-3',
			'{"item":-1,"image":1}',
			'{"item":1,"image":0}',
			'{"item":1.5,"image":1}',
		]) {
			expect(parseBatchKey(key)).toBeUndefined();
		}
		expect(parseBatchKey('{"item":1,"image":1,"size":"9K"}')).toEqual({
			itemIndex: 1,
			imageNumber: 1,
		});
	});
});

describe('a batch line', () => {
	it('is the REST generateContent body: generation settings in generationConfig, tools and safety beside', () => {
		const request = buildGenerateContentRequest(
			{
				model: 'gemini-nano-banana-2.1',
				responseModalities: ['TEXT', 'IMAGE'],
				aspectRatio: '16:9',
				imageSize: '2K',
				safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
				systemInstruction: 'House style',
				includeThoughts: false,
				googleSearch: true,
			},
			[{ role: 'user', parts: [{ text: 'A kite' }] }],
		);
		const line = batchLine('k', request);
		expect(line.endsWith('\n')).toBe(true);
		expect(JSON.parse(line)).toEqual({
			key: 'k',
			request: {
				contents: [{ role: 'user', parts: [{ text: 'A kite' }] }],
				systemInstruction: { parts: [{ text: 'House style' }] },
				safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
				tools: [{ googleSearch: {} }],
				generationConfig: {
					responseModalities: ['TEXT', 'IMAGE'],
					imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
				},
			},
		});
	});
});

describe('batch jobs', () => {
	it('read states in either naming, and know when a job is over', () => {
		expect(shortState('JOB_STATE_RUNNING')).toBe('running');
		expect(shortState('BATCH_STATE_SUCCEEDED')).toBe('succeeded');
		expect(
			['succeeded', 'failed', 'cancelled', 'expired'].every((s) =>
				isFinished(`BATCH_STATE_${s.toUpperCase()}`),
			),
		).toBe(true);
		expect(isFinished('BATCH_STATE_PENDING')).toBe(false);
		expect(isFinished(undefined)).toBe(false);
	});

	it("read the operation's metadata: counts as numbers, zero counts filled in, the results file", () => {
		expect(
			readBatchJob({
				name: 'batches/abc',
				metadata: {
					model: 'models/gemini-nano-banana-2.1',
					displayName: 'Fruit',
					state: 'BATCH_STATE_SUCCEEDED',
					createTime: '2026-12-01T10:00:00.123456789Z',
					batchStats: { requestCount: '20', successfulRequestCount: '19', failedRequestCount: '1' },
					output: { responsesFile: 'files/batch-abc' },
				},
				done: true,
			}),
		).toEqual({
			name: 'batches/abc',
			displayName: 'Fruit',
			state: 'succeeded',
			model: 'gemini-nano-banana-2.1',
			createTime: '2026-12-01T10:00:00.123456789Z',
			requestCount: 20,
			succeededCount: 19,
			failedCount: 1,
			pendingCount: 0,
			resultsFile: 'files/batch-abc',
		});
		expect(
			readBatchJob({
				name: 'batches/x',
				error: { code: 13, message: 'boom' },
				metadata: { state: 'BATCH_STATE_FAILED' },
			}),
		).toMatchObject({
			state: 'failed',
			error: { code: 13, message: 'boom' },
		});
		expect(readBatchJob('nonsense')).toEqual({ name: '', state: 'unspecified' });
	});

	it('cost half the live price', () => {
		const live = estimateImageCostUsd('gemini-3-pro-image', '4K') as number;
		expect(estimateBatchImageCostUsd('gemini-3-pro-image', '4K')).toBeCloseTo(live / 2, 9);
		expect(estimateBatchImageCostUsd('an-unknown-model', '1K')).toBeUndefined();
	});

	it("turn a failed request's status into what the user reads, never retryable", () => {
		expect(batchRequestFailure({ code: 3, message: 'Unsupported MIME type' })).toMatchObject({
			kind: 'api',
			httpStatus: 400,
			googleStatus: 'INVALID_ARGUMENT',
			message: 'Unsupported MIME type',
			retryable: false,
		});
		expect(batchRequestFailure('x')).toMatchObject({
			message: 'the request failed',
			httpStatus: undefined,
		});
	});
});
