import type { INode } from 'n8n-workflow';

import { runsAsTool, toolAnswerJson } from '../../../nodes/GeminiImage/n8n/toolAnswer';

const made = {
	model: 'gemini-nano-banana-2.1',
	prompt: 'A lighthouse at dawn',
	text: 'Here is your lighthouse',
	finishReason: 'STOP',
	mimeType: 'image/jpeg',
	fileName: 'a-lighthouse-at-dawn.jpg',
	fileSize: 412_345,
	width: 1024,
	height: 1024,
	imageNumber: 1,
	imageCount: 1,
	estimatedCostUsd: 0.039,
	interactionId: 'v1_abc',
	conversation: { version: 3, api: 'interactions', interactionId: 'v1_abc' },
	usage: { totalTokenCount: 1300 },
};

describe('the answer an AI Agent gets from the tool', () => {
	it('runs as a tool only under the Tool variant of the node type', () => {
		expect(runsAsTool({ type: 'n8n-nodes-gemini-image.geminiImageTool' } as INode)).toBe(true);
		expect(runsAsTool({ type: 'n8n-nodes-gemini-image.geminiImage' } as INode)).toBe(false);
	});

	it('says what was made, with what, at what cost, and that the chat does not show it', () => {
		const json = toolAnswerJson(made);
		expect(json.answer).toBe(
			'Made 1 image with Nano Banana 2.1 (gemini-nano-banana-2.1): a-lighthouse-at-dawn.jpg, 1024x1024 JPEG, 412 kB, estimated cost $0.039. ' +
				'The model said: "Here is your lighthouse" ' +
				'The image is binary data of this workflow run and is not shown in this chat: a node after this one (or a workflow called as a tool) has to send it on. ' +
				'To change it, refine with Interaction ID v1_abc.',
		);
		expect(json).toMatchObject({
			model: 'gemini-nano-banana-2.1',
			interactionId: 'v1_abc',
			text: made.text,
		});
		// Nothing an agent cannot use: no conversation reference, no usage.
		expect(json).not.toHaveProperty('conversation');
		expect(json).not.toHaveProperty('usage');
	});

	it('lists every image of an item that holds several', () => {
		const json = toolAnswerJson({
			model: 'gemini-3-pro-image',
			imageCount: 2,
			images: [
				{ ...made, model: undefined, fileName: 'a-1.jpg', interactionId: undefined },
				{ ...made, model: undefined, fileName: 'a-2.jpg', fileSize: 900, interactionId: undefined },
			],
		});
		expect(json.answer).toContain(
			'Made 2 images with Nano Banana Pro (gemini-3-pro-image): a-1.jpg',
		);
		expect(json.answer).toContain('a-2.jpg, 1024x1024 JPEG, 1 kB');
		expect(json.answer).not.toContain('Interaction ID');
	});

	it('says why nothing was made and whether trying again can help', () => {
		const refused = toolAnswerJson({
			error: {
				message: 'Item 0: the model refused to make the image (IMAGE_SAFETY)',
				description: 'Rephrase the prompt',
				reason: 'IMAGE_SAFETY',
				retryable: false,
			},
		});
		expect(refused.answer).toBe(
			'No image was made (IMAGE_SAFETY): Item 0: the model refused to make the image (IMAGE_SAFETY). Rephrase the prompt. Trying again with the same input will fail the same way.',
		);
		const busy = toolAnswerJson({
			error: { message: 'Quota exceeded.', reason: 'RATE_LIMITED', retryable: true },
		});
		expect(busy.answer).toBe(
			'No image was made (RATE_LIMITED): Quota exceeded. Trying again later may work.',
		);
	});

	it('passes the JSON of items that are not images (a batch job, a deletion) unchanged', () => {
		const job = { name: 'batches/1', state: 'pending', requestCount: 3 };
		expect(toolAnswerJson(job)).toBe(job);
	});
});
