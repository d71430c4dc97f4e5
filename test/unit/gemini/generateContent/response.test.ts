import type { GenerateContentResponse } from '@google/genai';

import {
	explainMissingImage,
	readGeneratedContent,
} from '../../../../nodes/GeminiImage/gemini/generateContent/response';

const png = { mimeType: 'image/png', data: 'aW1hZ2U=' };

function answer(over: Record<string, unknown>): GenerateContentResponse {
	return over as unknown as GenerateContentResponse;
}

describe('readGeneratedContent', () => {
	it('keeps thoughts apart and takes the last non-thought image as the answer', () => {
		const content = readGeneratedContent(
			answer({
				candidates: [
					{
						content: {
							role: 'model',
							parts: [
								{ text: 'planning the layout', thought: true },
								{ inlineData: { mimeType: 'image/png', data: 'dGhvdWdodA==' }, thought: true },
								{ text: 'Here it is', thoughtSignature: 'c2ln' },
								{ inlineData: { mimeType: 'image/jpeg', data: 'Zmlyc3Q=' } },
								{ inlineData: png, thoughtSignature: 'c2lnMg==' },
							],
						},
						finishReason: 'STOP',
					},
				],
				usageMetadata: { totalTokenCount: 1400 },
				modelVersion: 'gemini-3-pro-image',
				responseId: 'abc',
			}),
		);
		expect(content.image).toEqual(png);
		expect(content.text).toBe('Here it is');
		expect(content.thoughts).toBe('planning the layout');
		// The thought's interim image stays a thought part, apart from the answer image.
		expect(
			content.modelParts.filter((part) => part.thought && part.inlineData).map((p) => p.inlineData),
		).toEqual([{ mimeType: 'image/png', data: 'dGhvdWdodA==' }]);
		expect(content.finishReason).toBe('STOP');
		expect(content.modelParts).toHaveLength(5);
		expect(content.modelParts[4].thoughtSignature).toBe('c2lnMg==');
	});
});

describe('explainMissingImage', () => {
	it('explains a blocked prompt', () => {
		const missing = explainMissingImage(
			readGeneratedContent(answer({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } })),
		);
		expect(missing).toMatchObject({ reason: 'PROHIBITED_CONTENT', retryable: false });
		expect(missing.summary).toBe('the prompt was blocked (PROHIBITED_CONTENT)');
	});

	it("explains a safety refusal in the model's own words", () => {
		const missing = explainMissingImage(
			readGeneratedContent(
				answer({
					candidates: [
						{ finishReason: 'IMAGE_SAFETY', finishMessage: 'Unable to show the image.' },
					],
				}),
			),
		);
		expect(missing).toMatchObject({
			reason: 'IMAGE_SAFETY',
			modelMessage: 'Unable to show the image.',
			retryable: false,
		});
	});

	it('says blocked images are not charged only where Google did not say so', () => {
		const refusal = (finishMessage?: string) =>
			explainMissingImage(
				readGeneratedContent(
					answer({ candidates: [{ finishReason: 'IMAGE_SAFETY', finishMessage }] }),
				),
			).hint;
		expect(refusal('Filtered. You will not be charged for blocked images.')).not.toContain(
			'not charged',
		);
		expect(refusal()).toContain('Blocked images are not charged.');
	});

	it('explains a text-only answer with its text', () => {
		const missing = explainMissingImage(
			readGeneratedContent(
				answer({
					candidates: [
						{ content: { parts: [{ text: 'I can describe it instead.' }] }, finishReason: 'STOP' },
					],
				}),
			),
		);
		expect(missing).toMatchObject({
			reason: 'TEXT_ONLY',
			modelMessage: 'I can describe it instead.',
			retryable: true,
		});
	});

	it.each([
		['NO_IMAGE', true],
		['IMAGE_OTHER', true],
		['IMAGE_RECITATION', false],
		['MAX_TOKENS', false],
	])('treats %s as retryable=%s', (reason, retryable) => {
		const missing = explainMissingImage(
			readGeneratedContent(answer({ candidates: [{ finishReason: reason }] })),
		);
		expect(missing.reason).toBe(reason);
		expect(missing.retryable).toBe(retryable);
	});
});
