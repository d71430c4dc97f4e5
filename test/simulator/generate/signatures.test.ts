import type { Content } from '@google/genai';
import { startSimulator } from '../server/server';
import { client, generate } from '../test-helpers';
import type { Simulator } from '../types';

let sim: Simulator;
beforeAll(async () => {
	// Every model served, retired ids too, so the rules of each stay tested (as a gateway serves them).
	sim = await startSimulator({ retiredModels: [] });
});
afterAll(() => sim.close());

const PRO = 'gemini-3-pro-image-preview';

/** A two-turn conversation: the first answer exactly as the SDK returned it, then a new prompt. */
async function conversation(model: string, target: Simulator = sim): Promise<Content[]> {
	const first: Content = {
		role: 'user',
		parts: [{ text: 'Create a vibrant infographic about photosynthesis' }],
	};
	const answer = await client(target).models.generateContent({
		model,
		contents: [first],
		config: {
			responseModalities: ['TEXT', 'IMAGE'],
			thinkingConfig: model === PRO ? { includeThoughts: true } : undefined,
		},
	});
	return [
		first,
		answer.candidates![0].content!,
		{ role: 'user', parts: [{ text: 'Now in Spanish' }] },
	];
}

describe('thought signatures', () => {
	it('accepts a history sent back exactly as received', async () => {
		const history = await conversation(PRO);
		const answer = await client(sim).models.generateContent({ model: PRO, contents: history });
		expect(answer.candidates![0].finishReason).toBe('STOP');
	});

	it('rejects a history whose image lost its signature', async () => {
		const history = await conversation(PRO);
		const parts = history[1].parts!;
		const imageIndex = parts.findIndex((p) => p.inlineData && !p.thought);
		delete parts[imageIndex].thoughtSignature;
		const answer = await generate(sim, PRO, { contents: history });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			`Image part is missing a thought_signature in content position 2, part position ${imageIndex + 1}.`,
		);
	});

	it('rejects a history whose first answer part lost its signature', async () => {
		const history = await conversation('gemini-3.1-flash-image');
		delete history[1].parts![0].thoughtSignature;
		const answer = await generate(sim, 'gemini-3.1-flash-image', { contents: history });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe(
			'Text part is missing a thought_signature in content position 2, part position 1.',
		);
	});

	it('rejects signatures it never issued, or moved to another part', async () => {
		const history = await conversation(PRO);
		const parts = history[1].parts!;
		const image = parts.find((p) => p.inlineData && !p.thought)!;
		image.thoughtSignature = Buffer.from('made up by the client').toString('base64');
		expect((await generate(sim, PRO, { contents: history })).body.error.message).toBe(
			'Corrupted thought signature.',
		);

		const again = await conversation(PRO);
		const answerParts = again[1].parts!.filter((p) => !p.thought);
		answerParts[1].thoughtSignature = answerParts[0].thoughtSignature;
		expect((await generate(sim, PRO, { contents: again })).body.error.message).toBe(
			'Corrupted thought signature.',
		);
	});

	it('still validates a conversation resumed against a new simulator process', async () => {
		const history = await conversation(PRO);
		const other = await startSimulator({ retiredModels: [] });
		try {
			const answer = await generate(other, PRO, { contents: history });
			expect(answer.status).toBe(200);
		} finally {
			await other.close();
		}
	});

	it('accepts the documented skip value, and ignores signatures on Gemini 2.5', async () => {
		const history = await conversation(PRO);
		for (const part of history[1].parts!) {
			if (part.thoughtSignature) part.thoughtSignature = 'skip_thought_signature_validator';
		}
		expect((await generate(sim, PRO, { contents: history })).status).toBe(200);

		const flash = await conversation('gemini-2.5-flash-image');
		expect(flash[1].parts!.some((p) => p.thoughtSignature)).toBe(false);
		expect((await generate(sim, 'gemini-2.5-flash-image', { contents: flash })).status).toBe(200);
	});

	it('does not count model-turn images as reference images', async () => {
		let history: Content[] = (await conversation('gemini-2.5-flash-image')).slice(0, 2);
		for (let turn = 0; turn < 4; turn++) {
			history.push({ role: 'user', parts: [{ text: `change ${turn}` }] });
			const answer = await generate(sim, 'gemini-2.5-flash-image', { contents: history });
			expect(answer.status).toBe(200);
			history = [...history, answer.body.candidates[0].content];
		}
	});
});
