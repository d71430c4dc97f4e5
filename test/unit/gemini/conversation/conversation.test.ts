import {
	conversationReference,
	keepLastExchanges,
	locateConversation,
	parseConversation,
	turnImageProperty,
} from '../../../../nodes/GeminiImage/gemini/conversation/conversation';
import type { StoredTurn } from '../../../../nodes/GeminiImage/gemini/conversation/conversation';

const turns: StoredTurn[] = [
	{ role: 'user', parts: [{ text: 'a lighthouse' }] },
	{
		role: 'model',
		parts: [
			{ text: 'Here it is', thoughtSignature: 'c2ln' },
			{ image: { binaryProperty: 'data', mimeType: 'image/png' }, thoughtSignature: 'c2lnMg==' },
		],
	},
];

describe('parseConversation', () => {
	it('accepts a conversation and returns it unchanged, signatures included', () => {
		const check = parseConversation({ version: 1, model: 'gemini-3-pro-image', turns });
		expect(check).toEqual({
			ok: true,
			conversation: { version: 1, model: 'gemini-3-pro-image', turns },
		});
	});

	it('accepts one saved as JSON text', () => {
		const check = parseConversation(JSON.stringify({ version: 1, model: 'm', turns }));
		expect(check.ok).toBe(true);
	});

	it.each([
		[undefined, 'there is no conversation'],
		['{oops', 'the conversation is text that is not valid JSON'],
		[{ version: 2, model: 'm', turns }, 'the conversation has version 2, expected 1'],
		[{ version: 1, turns }, 'the conversation names no model'],
		[{ version: 1, model: 'm', turns: [] }, 'the conversation has no turns'],
		[
			{ version: 1, model: 'm', turns: [turns[1], turns[0]] },
			'turn 1 has role "model" where "user" was expected',
		],
		[
			{ version: 1, model: 'm', turns: [turns[0]] },
			"the conversation ends without the model's answer",
		],
		[
			{
				version: 1,
				model: 'm',
				turns: [turns[0], { role: 'model', parts: [{ image: { mimeType: 'image/png' } }] }],
			},
			'turn 2, part 1 has an image without a binaryProperty',
		],
		[
			{
				version: 1,
				model: 'm',
				turns: [turns[0], { role: 'model', parts: [{ inlineData: { data: 'x' } }] }],
			},
			'turn 2, part 1 holds raw image data instead of a binary property reference',
		],
	])('says what is wrong with %j', (value, problem) => {
		expect(parseConversation(value)).toEqual({ ok: false, problem });
	});
});

describe('keepLastExchanges', () => {
	const long = [...turns, ...turns, ...turns];
	it('keeps everything at 0', () => expect(keepLastExchanges(long, 0)).toHaveLength(6));
	it('keeps the newest pairs, starting on a user turn', () => {
		const kept = keepLastExchanges(long, 2);
		expect(kept).toHaveLength(4);
		expect(kept[0].role).toBe('user');
	});
	it('names turn images by position', () => expect(turnImageProperty(3, 2)).toBe('turn3_part2'));
});

describe('where a conversation is', () => {
	const conversation = {
		version: 1,
		model: 'gemini-nano-banana-2.1',
		turns: [
			{ role: 'user' as const, parts: [{ text: 'A kite' }] },
			{
				role: 'model' as const,
				parts: [
					{
						image: { binaryProperty: 'data', mimeType: 'image/jpeg' },
						thoughtSignature: 'x'.repeat(597_388),
					},
				],
			},
		],
	};

	it('the item JSON holds a small reference; the turns go in a binary property', () => {
		const reference = conversationReference(conversation);
		expect(reference).toEqual({
			version: 2,
			model: 'gemini-nano-banana-2.1',
			binaryProperty: 'conversation',
			turns: 2,
		});
		expect(JSON.stringify(reference).length).toBeLessThan(200);
		expect(locateConversation(reference)).toEqual({ ok: true, reference });
		expect(locateConversation(JSON.stringify(reference))).toEqual({ ok: true, reference });
	});

	it('a version 1 conversation (turns inline) is read where it is', () => {
		expect(locateConversation(conversation)).toEqual({ ok: true, inline: conversation });
		expect(parseConversation(conversation)).toEqual({ ok: true, conversation });
	});

	it('a reference that names no file says so', () => {
		expect(locateConversation({ version: 2, model: 'm' })).toEqual({
			ok: false,
			problem: 'the conversation names no binary property for its turns',
		});
	});
});
