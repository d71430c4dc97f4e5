import { BlockedReason, FinishReason } from '@google/genai';
import type { GenerateContentResponse } from '@google/genai';

import {
	BLOCK_REASONS,
	FINISH_REASONS,
} from '../../../../nodes/GeminiImage/gemini/generateContent/reasons';
import {
	explainMissingImage,
	readGeneratedContent,
} from '../../../../nodes/GeminiImage/gemini/generateContent/response';
import { readInteractionContent } from '../../../../nodes/GeminiImage/gemini/interactions/answer';

/** The Interactions API's BlockReason (a string union in the SDK's types, no runtime enum). */
const INTERACTIONS_BLOCK_REASONS = [
	'safety',
	'other',
	'blocklist',
	'prohibited_content',
	'image_safety',
];

const finished = (finishReason: string, finishMessage?: string) =>
	explainMissingImage(
		readGeneratedContent({
			candidates: [{ finishReason, finishMessage }],
		} as GenerateContentResponse),
	);
const blockedBy = (blockReason: string) =>
	explainMissingImage(
		readGeneratedContent({ promptFeedback: { blockReason } } as GenerateContentResponse),
	);

/** A sentence: says what happened and what to do, no empty words, no trailing space. */
function expectSentence(summary: string, hint: string): void {
	expect(summary).toMatch(/^\S.*\S$/);
	expect(hint).toMatch(/^[A-Z].*\.$/);
}

describe('the reasons table', () => {
	it.each(Object.values(FinishReason).filter((reason) => reason !== FinishReason.STOP))(
		"has its own sentence for the SDK's finish reason %s",
		(reason) => {
			expect(FINISH_REASONS[reason]).toBeDefined();
			const missing = finished(reason);
			expect(missing.reason).toBe(reason);
			expect(missing.summary).not.toBe(`the model made no image (${reason})`);
			expectSentence(missing.summary, missing.hint);
		},
	);

	it('reads STOP without an image as a text-only answer', () => {
		expect(finished('STOP')).toMatchObject({ reason: 'TEXT_ONLY', retryable: true });
	});

	it.each(Object.values(BlockedReason))(
		"has its own sentence for the SDK's block reason %s",
		(reason) => {
			expect(BLOCK_REASONS[reason]).toBeDefined();
			const missing = blockedBy(reason);
			expect(missing).toMatchObject({ reason, retryable: false });
			expectSentence(missing.summary, missing.hint);
		},
	);

	it.each(INTERACTIONS_BLOCK_REASONS)(
		"reads the Interactions API's block reason %s in the table's words",
		(reason) => {
			const missing = explainMissingImage(
				readInteractionContent({
					status: 'failed',
					errors: [{ code: reason, message: 'The prompt was blocked.' }],
				}),
			);
			expect(missing.reason).toBe(reason.toUpperCase());
			expect(missing.summary).toBe(BLOCK_REASONS[reason.toUpperCase()].summary);
			expect(missing.modelMessage).toBe('The prompt was blocked.');
		},
	);

	it("reads the SDK's prompt_feedback of an interaction as a block", () => {
		const content = readInteractionContent({
			status: 'completed',
			prompt_feedback: { block_reason: 'image_safety', block_reason_message: 'Unsafe.' },
		});
		expect(explainMissingImage(content)).toMatchObject({
			reason: 'IMAGE_SAFETY',
			modelMessage: 'Unsafe.',
			retryable: false,
		});
	});

	it('shows a reason it does not know as Google sent it', () => {
		expect(finished('SOMETHING_NEW')).toMatchObject({
			reason: 'SOMETHING_NEW',
			summary: 'the model made no image (SOMETHING_NEW)',
			retryable: true,
		});
		expect(blockedBy('something_new')).toMatchObject({
			reason: 'something_new',
			summary: 'the prompt was blocked (something_new)',
			retryable: false,
		});
		// A key of Object.prototype is not a reason the table knows.
		expect(finished('constructor').summary).toBe('the model made no image (constructor)');
	});

	it('tells a Refine that lost its signature to start from the last untouched step', () => {
		const missing = finished('MISSING_THOUGHT_SIGNATURE');
		expect(missing.summary).toBe(
			'the conversation lost a thought signature (MISSING_THOUGHT_SIGNATURE)',
		);
		expect(missing.hint).toContain('edited or rebuilt by hand');
		expect(missing.hint).toContain('last untouched step');
	});

	it('keeps which reasons are worth running again', () => {
		const retryable = (reason: string) => finished(reason).retryable;
		for (const reason of [
			'SAFETY',
			'IMAGE_SAFETY',
			'PROHIBITED_CONTENT',
			'IMAGE_PROHIBITED_CONTENT',
			'BLOCKLIST',
			'SPII',
			'RECITATION',
			'IMAGE_RECITATION',
			'MAX_TOKENS',
			// The same input meets the same rule or the same broken conversation again.
			'MISSING_THOUGHT_SIGNATURE',
			'ESCALATION',
			'PUP_LIMITED_DISABLED',
			'MODEL_ARMOR',
		])
			expect(retryable(reason)).toBe(false);
		for (const reason of ['OTHER', 'IMAGE_OTHER', 'NO_IMAGE'])
			expect(retryable(reason)).toBe(true);
	});
});
