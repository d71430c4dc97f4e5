import type { File as GeminiFile } from '@google/genai';

import {
	FileUploadError,
	waitUntilActive,
} from '../../../../nodes/GeminiImage/gemini/connection/uploadState';

const processing: GeminiFile = { name: 'files/abc', state: 'PROCESSING' as GeminiFile['state'] };

describe('waitUntilActive', () => {
	it('uses only a file that became ACTIVE', async () => {
		const states = ['PROCESSING', 'ACTIVE'];
		const file = await waitUntilActive(processing, 'photo.png', {
			get: async () => ({
				name: 'files/abc',
				uri: 'u',
				state: states.shift() as GeminiFile['state'],
			}),
			deadlineMs: 10_000,
		});
		expect(file.state).toBe('ACTIVE');
	});

	it('fails a file still PROCESSING at the deadline, as worth retrying', async () => {
		const polls: number[] = [];
		const failure = waitUntilActive(processing, 'photo.png', {
			get: async () => (polls.push(Date.now()), processing),
			deadlineMs: 1000,
		});
		await expect(failure).rejects.toMatchObject({ name: 'FileUploadError', retryable: true });
		await expect(failure).rejects.toThrow(/still processing photo\.png after \d s/);
		// 250 + 500 ms fit a 1 s deadline; the next poll (1 s more) would not.
		expect(polls).toHaveLength(2);
	});

	it('stops polling at once when the execution stops', async () => {
		const stop = new AbortController();
		setTimeout(() => stop.abort(), 20);
		let polls = 0;
		await expect(
			waitUntilActive(processing, 'photo.png', {
				get: async () => (polls++, processing),
				deadlineMs: 60_000,
				stop: stop.signal,
			}),
		).rejects.toBeInstanceOf(FileUploadError);
		// Stopped during the first wait (250 ms): no poll was made, the test did not sit a minute.
		expect(polls).toBe(0);
	});

	it('never takes a FAILED file, and says why Google failed it', async () => {
		await expect(
			waitUntilActive(
				{
					name: 'files/abc',
					state: 'FAILED' as GeminiFile['state'],
					error: { message: 'bad bytes' },
				},
				'photo.png',
				{ get: async () => processing, deadlineMs: 1000 },
			),
		).rejects.toMatchObject({
			message: 'the Files API could not process photo.png: bad bytes',
			retryable: false,
		});
	});
});
