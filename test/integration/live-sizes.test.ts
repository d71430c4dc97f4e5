/**
 * Answers as big as Google's: thought signatures of live size (597,388 base64 characters on each
 * image part) and JPEGs of live byte size. The item JSON stays small whatever Google sends; the
 * conversation's turns travel as a JSON file beside the images.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { CONVERSATION_VERSION } from '../../nodes/GeminiImage/gemini/conversation/conversation';
import type { BinaryMode } from '../harness';
import { signPart } from '../simulator/generate/signatures';
import {
	carryOn,
	generateRequests,
	model,
	requestContents,
	runGeminiImage,
	useSimulator,
} from './setup';

const simulator = useSimulator();

const jsonBytes = (item: INodeExecutionData) => Buffer.byteLength(JSON.stringify(item.json));

describe.each<BinaryMode>(['default', 'filesystem'])(
	'live-sized answers (%s binary mode)',
	(mode) => {
		it('a Generate item holds no signature and stays under 10 KB of JSON', async () => {
			const result = await runGeminiImage(
				simulator(),
				{ operation: 'generate', prompt: 'A lighthouse at dawn' },
				{ binaryMode: mode, input: [{ json: {} }, { json: {} }, { json: {} }] },
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			for (const item of result.items) {
				expect(jsonBytes(item)).toBeLessThan(10 * 1024);
				expect(JSON.stringify(item.json)).not.toContain('thoughtSignature');
				expect(item.json.conversation).toEqual({
					version: 2,
					model: 'gemini-nano-banana-2.1',
					binaryProperty: 'conversation',
					turns: 2,
				});
				expect(item.binary?.conversation).toMatchObject({
					mimeType: 'application/json',
					fileName: 'conversation.json',
				});
				// The signature Google sent is in the file, byte for byte.
				const turns = JSON.parse((await result.readBinary(item, 'conversation')).toString());
				const signature = turns.turns[1].parts.at(-1).thoughtSignature as string;
				expect(signature.length).toBeGreaterThan(590_000);
			}
			const image = await result.readBinary(result.items[0], 'data');
			// A live 1K JPEG is about 330 KB (439,196 base64 characters).
			expect(image.subarray(0, 3).toString('hex')).toBe('ffd8ff');
			expect(image.length).toBeGreaterThan(250_000);
			expect(image.length).toBeLessThan(450_000);
		});

		it('Refine reads the turns back from the file and sends the signature unchanged', async () => {
			const made = await runGeminiImage(
				simulator(),
				{ operation: 'generate', prompt: 'A lighthouse at dawn' },
				{ binaryMode: mode },
			);
			const first = made.items[0];
			const stored = JSON.parse((await made.readBinary(first, 'conversation')).toString());
			simulator().reset();
			const refined = await runGeminiImage(
				simulator(),
				{ operation: 'refine', prompt: 'Now at night' },
				{ binaryMode: mode, input: [await carryOn(made, first)] },
			);
			expect(refined.error).toBeUndefined();
			const [request] = generateRequests(simulator());
			expect(request.status).toBe(200);
			const sent = requestContents(simulator())[1].parts.at(-1);
			expect(sent?.thoughtSignature).toBe(stored.turns[1].parts.at(-1).thoughtSignature);
			expect(refined.items[0].json.conversation).toMatchObject({ version: 2, turns: 4 });
			expect(jsonBytes(refined.items[0])).toBeLessThan(10 * 1024);
		});
	},
);

describe('conversations of the earlier format', () => {
	it('a conversation with its turns in the item JSON (version 1) still continues', async () => {
		const made = await runGeminiImage(simulator(), {
			operation: 'generate',
			model: model('gemini-3-pro-image'),
			prompt: 'A kite',
		});
		const item = await carryOn(made, made.items[0]);
		const turns = JSON.parse(item.binary?.conversation.data.toString() ?? '{}');
		expect(turns.version).toBe(CONVERSATION_VERSION);
		// As version 1 of this package output it: the turns inline, no turns file.
		const { conversation: _file, ...images } = item.binary ?? {};
		const earlier = { json: { ...item.json, conversation: turns }, binary: images };
		simulator().reset();
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Make it red' },
			{ input: [earlier] },
		);
		expect(refined.error).toBeUndefined();
		expect(generateRequests(simulator())[0].status).toBe(200);
	});

	it('says which binary property is missing when the turns file was dropped', async () => {
		const made = await runGeminiImage(simulator(), { operation: 'generate', prompt: 'A kite' });
		const item = await carryOn(made, made.items[0]);
		const { conversation: _file, ...images } = item.binary ?? {};
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Make it red' },
			{ input: [{ json: item.json, binary: images }] },
		);
		expect(refined.error?.message).toBe(
			'Cannot continue the conversation of item 0: its turns are kept in binary property "conversation", which the item does not have',
		);
	});

	it('a turns file edited by hand is caught by Google’s signature check', async () => {
		const made = await runGeminiImage(simulator(), { operation: 'generate', prompt: 'A kite' });
		const item = await carryOn(made, made.items[0]);
		const turns = JSON.parse(item.binary?.conversation.data.toString() ?? '{}');
		turns.turns[1].parts.at(-1).thoughtSignature = signPart('image', Buffer.from('another'));
		const edited = {
			json: item.json,
			binary: {
				...item.binary,
				conversation: { ...item.binary!.conversation, data: Buffer.from(JSON.stringify(turns)) },
			},
		};
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Make it red' },
			{ input: [edited] },
		);
		expect(refined.error?.message).toMatch(/Corrupted thought signature/);
	});
});

describe('an output property named "conversation"', () => {
	it('keeps its image; the turns go to "conversation_turns", and Refine finds them', async () => {
		const made = await runGeminiImage(simulator(), {
			operation: 'generate',
			prompt: 'A kite',
			options: { binaryPropertyName: 'conversation' },
		});
		const [item] = made.items;
		expect(item.binary?.conversation.mimeType).toBe('image/jpeg');
		expect(item.json.conversation).toMatchObject({ binaryProperty: 'conversation_turns' });
		simulator().reset();
		const refined = await runGeminiImage(
			simulator(),
			{ operation: 'refine', prompt: 'Make it red' },
			{ input: [await carryOn(made, item)] },
		);
		expect(refined.error).toBeUndefined();
		expect(generateRequests(simulator())[0].status).toBe(200);
	});
});

describe('Simplify Output', () => {
	it('is on for new nodes: no usage details or ids', async () => {
		const result = await runGeminiImage(simulator(), { operation: 'generate', prompt: 'A kite' });
		expect(result.items[0].json).not.toHaveProperty('usage');
		expect(result.items[0].json).not.toHaveProperty('responseId');
		expect(result.items[0].json).not.toHaveProperty('modelVersion');
		expect(result.items[0].json).toMatchObject({ finishReason: 'STOP', width: 1024 });
	});

	it('off (and on version 1 nodes) keeps usage with its details and tier', async () => {
		const off = await runGeminiImage(simulator(), {
			operation: 'generate',
			prompt: 'A kite',
			simplify: false,
		});
		expect(off.items[0].json.usage).toMatchObject({
			promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
			candidatesTokensDetails: expect.arrayContaining([{ modality: 'IMAGE', tokenCount: 1120 }]),
			serviceTier: 'standard',
		});
		expect(off.items[0].json.responseId).toEqual(expect.any(String));
		const version1 = await runGeminiImage(
			simulator(),
			{ operation: 'generate', model: model('gemini-3-pro-image'), prompt: 'A kite' },
			{ typeVersion: 1 },
		);
		expect(version1.items[0].json).toHaveProperty('usage');
	});
});
