import type { INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BinaryMode, InputItem, RunResult } from '../harness';
import type { Simulator } from '../simulator';
import { createTestPng, startSimulator } from '../simulator';
import { isValidSignature, signPart } from '../simulator/generate/signatures';
import type { ConversationJson, RequestContent } from './setup';
import {
	carryOn,
	carriedConversationOf,
	expectConversationByReference,
	file,
	generateRequests,
	imageOf,
	inline,
	model,
	requestContents,
	runGeminiImage,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

const PRO = 'gemini-3-pro-image';

const generate = (prompt: string, options: Record<string, unknown> = {}, modelId = PRO) => ({
	operation: 'generate',
	model: model(modelId),
	prompt,
	options,
});

const refine = (prompt: string, extra: Record<string, unknown> = {}) => ({
	operation: 'refine',
	prompt,
	...extra,
});

/** The request contents a conversation stands for: each image reference as the bytes it names. */
function asSent(conversation: ConversationJson, input: InputItem): RequestContent[] {
	return conversation.turns.map((turn) => ({
		role: turn.role,
		parts: turn.parts.map(({ image, ...part }) =>
			image
				? { ...part, ...inline(input.binary![image.binaryProperty].data, image.mimeType) }
				: part,
		),
	}));
}

/**
 * The item with its turns back in its JSON, as version 1 of the node output them (no turns
 * file): the form the damaged-conversation cases edit, and one that must still continue.
 */
function inlined(item: InputItem): InputItem {
	const { conversation: _file, ...images } = item.binary ?? {};
	return {
		json: {
			...structuredClone(item.json!),
			conversation: carriedConversationOf(item),
		} as InputItem['json'],
		binary: images,
	};
}

interface Step {
	result: RunResult;
	item: INodeExecutionData;
	/** What the next node gets from this step. */
	next: InputItem;
}

async function runStep(
	sim: Simulator,
	parameters: Record<string, unknown>,
	input?: InputItem[],
	binaryMode: BinaryMode = 'filesystem',
): Promise<Step> {
	const result = await runGeminiImage(sim, parameters, { input, binaryMode });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	const [item] = result.items;
	return { result, item, next: await carryOn(result, item) };
}

/** Generate, then one Refine per instruction, each fed the previous node's output item. */
async function conversationOf3Refines(modelId = PRO): Promise<Step[]> {
	const steps = [await runStep(simulator(), generate('A lighthouse on a cliff', {}, modelId))];
	for (const instruction of ['Make it night', 'Add a full moon', 'Add a red boat']) {
		steps.push(await runStep(simulator(), refine(instruction), [steps.at(-1)!.next]));
	}
	return steps;
}

describe('Refine: Generate → Refine → Refine → Refine', () => {
	// Four executions with live-sized signatures: its own time limit, so a busy machine cannot
	// stop it midway and leave its run going on into the next test.
	it('resends the whole history with the model parts exactly as received, and grows by two turns', async () => {
		const first = await runStep(
			simulator(),
			generate('A lighthouse on a cliff', { aspectRatio: '16:9' }),
		);
		const generated = await expectConversationByReference(first.result, first.item, PRO);
		expect(generated.turns).toHaveLength(2);
		// The signatures the item carries are the ones Google issued for these very parts.
		const [answerText, answerImage] = generated.turns[1].parts;
		expect(
			isValidSignature(
				answerText.thoughtSignature ?? '',
				'text',
				Buffer.from(answerText.text ?? ''),
			),
		).toBe(true);
		expect(answerImage).toEqual({
			image: { binaryProperty: 'data', mimeType: 'image/jpeg' },
			thoughtSignature: expect.any(String),
		});
		// Live-sized (597,388 characters), and Google's for this very image.
		expect(answerImage.thoughtSignature?.length).toBe(597_388);
		expect(
			isValidSignature(
				answerImage.thoughtSignature ?? '',
				'image',
				await first.result.readBinary(first.item, 'data'),
			),
		).toBe(true);

		const steps = [first];
		const instructions = ['Make it night', 'Add a full moon', 'Add a red boat'];
		for (const [index, instruction] of instructions.entries()) {
			const previous = steps.at(-1)!;
			simulator().reset();
			const step = await runStep(
				simulator(),
				refine(instruction, { options: { aspectRatio: '16:9' } }),
				[previous.next],
			);
			steps.push(step);

			// One request, to the model that started the conversation, with the whole history.
			const requests = generateRequests(simulator());
			expect(requests).toHaveLength(1);
			expect(requests[0].path).toBe(`/v1beta/models/${PRO}:generateContent`);
			expect(requests[0].status).toBe(200);
			const before = carriedConversationOf(previous.next);
			expect(requestContents(simulator())).toEqual([
				...asSent(before, previous.next),
				{ role: 'user', parts: [{ text: instruction }] },
			]);
			expect(requestContents(simulator())).toHaveLength(3 + index * 2);

			// Two more turns: the instruction and the answer; the answer is "data".
			const after = await expectConversationByReference(step.result, step.item, PRO);
			expect(after.turns).toHaveLength(4 + index * 2);
			const earlierImages = after.turns
				.slice(0, -1)
				.flatMap((turn) => turn.parts.flatMap((part) => (part.image ? [part.image] : [])));
			expect(earlierImages.map((image) => image.binaryProperty)).toEqual(
				Array.from({ length: index + 1 }, (_, n) => `turn${2 * n + 2}_part2`),
			);
			expect(after.turns.at(-2)).toEqual({ role: 'user', parts: [{ text: instruction }] });
			const answer = after.turns.at(-1)!.parts.at(-1)!;
			const answerBytes = await step.result.readBinary(step.item, 'data');
			expect(answer).toEqual({
				image: { binaryProperty: 'data', mimeType: 'image/jpeg' },
				thoughtSignature: expect.any(String),
			});
			expect(isValidSignature(answer.thoughtSignature ?? '', 'image', answerBytes)).toBe(true);
			// The earlier turns are carried on as they were, signatures byte for byte, and the
			// previous answer image is now kept under its turn's name.
			expect(after.turns.slice(0, -3)).toEqual(before.turns.slice(0, -1));
			const previousAnswer = after.turns.at(-3)!;
			expect(previousAnswer.parts.at(-1)).toEqual({
				...before.turns.at(-1)!.parts.at(-1),
				image: { binaryProperty: `turn${after.turns.length - 2}_part2`, mimeType: 'image/jpeg' },
			});
			expect(
				await step.result.readBinary(step.item, `turn${after.turns.length - 2}_part2`),
			).toEqual(previous.next.binary!.data.data);

			expect(Object.keys(step.item.binary ?? {}).sort()).toEqual(
				['conversation', 'data', ...earlierImages.map((image) => image.binaryProperty)].sort(),
			);
			expect(await imageOf(step.result, step.item)).toMatchObject({ width: 1376, height: 768 });
			expect(step.item.json).toMatchObject({ prompt: instruction, model: PRO });
			expect(step.item.pairedItem).toEqual({ item: 0 });
		}

		// Each answer image is different, and every one of them is still in the last item.
		const last = steps.at(-1)!;
		const images = await Promise.all(
			['turn2_part2', 'turn4_part2', 'turn6_part2', 'data'].map((name) =>
				last.result.readBinary(last.item, name),
			),
		);
		expect(new Set(images.map((bytes) => bytes.toString('base64'))).size).toBe(4);
		for (const [index, step] of steps.entries()) {
			expect(images[index]).toEqual(step.next.binary!.data.data);
		}
	}, 120_000);

	it("works in n8n's default binary mode, images kept in the items", async () => {
		const generated = await runStep(simulator(), generate('A kite'), undefined, 'default');
		expect(generated.item.binary?.data.id).toBeUndefined();
		simulator().reset();
		const refined = await runStep(simulator(), refine('Make it red'), [generated.next], 'default');
		expect(requestContents(simulator())).toEqual([
			...asSent(carriedConversationOf(generated.next), generated.next),
			{ role: 'user', parts: [{ text: 'Make it red' }] },
		]);
		expect(await refined.result.readBinary(refined.item, 'turn2_part2')).toEqual(
			generated.next.binary!.data.data,
		);
		await expectConversationByReference(refined.result, refined.item, PRO);
	});

	it('continues the conversation of an Edit, resending the input image too', async () => {
		const photo = await createTestPng(1200, 896, 'street');
		const edited = await runStep(
			simulator(),
			{ ...generate('x'), operation: 'edit', prompt: 'Add snow' },
			[{ binary: { data: file(photo, 'image/png', 'street.png') } }],
		);
		simulator().reset();
		const refined = await runStep(simulator(), refine('More snow'), [edited.next]);
		expect(requestContents(simulator())).toEqual([
			{ role: 'user', parts: [{ text: 'Add snow' }, inline(photo)] },
			{ role: 'model', parts: asSent(carriedConversationOf(edited.next), edited.next)[1].parts },
			{ role: 'user', parts: [{ text: 'More snow' }] },
		]);
		expect(Object.keys(refined.item.binary ?? {}).sort()).toEqual([
			'conversation',
			'data',
			'turn1_part2',
			'turn2_part2',
		]);
		expect(await refined.result.readBinary(refined.item, 'turn1_part2')).toEqual(photo);
		await expectConversationByReference(refined.result, refined.item, PRO);
	});

	it('resends thought parts and interim images as received', async () => {
		const generated = await runStep(simulator(), generate('A map', { includeThoughts: true }));
		const modelTurn = carriedConversationOf(generated.next).turns[1];
		expect(
			modelTurn.parts.map((part) => [part.thought ?? false, part.image?.binaryProperty]),
		).toEqual([
			[true, undefined],
			[true, 'data_thought_1'],
			[false, undefined],
			[false, 'data'],
		]);
		simulator().reset();
		const refined = await runStep(simulator(), refine('Label the rivers'), [generated.next]);
		expect(requestContents(simulator())[1]).toEqual(
			asSent(carriedConversationOf(generated.next), generated.next)[1],
		);
		expect(
			carriedConversationOf(refined.next).turns[1].parts.map((part) => part.image?.binaryProperty),
		).toEqual([undefined, 'turn2_part2', undefined, 'turn2_part4']);
		await expectConversationByReference(refined.result, refined.item, PRO);
	});

	it('continues on the model of the conversation (Nano Banana 2)', async () => {
		const steps = await conversationOf3Refines('gemini-3.1-flash-image');
		expect(generateRequests(simulator()).map((request) => request.path)).toEqual(
			Array(4).fill('/v1beta/models/gemini-3.1-flash-image:generateContent'),
		);
		expect(carriedConversationOf(steps[3].next)).toMatchObject({ model: 'gemini-3.1-flash-image' });
		expect(carriedConversationOf(steps[3].next).turns).toHaveLength(8);
	});

	it('continues a Nano Banana conversation, which has no signatures', async () => {
		const steps = await conversationOf3Refines('gemini-2.5-flash-image');
		const last = await expectConversationByReference(
			steps[3].result,
			steps[3].item,
			'gemini-2.5-flash-image',
		);
		expect(JSON.stringify(last)).not.toContain('thoughtSignature');
		expect(requestContents(simulator(), 3)).toHaveLength(7);
	});
});

describe('Refine: Google checks the signatures', () => {
	async function refinedOnce(): Promise<Step> {
		const generated = await runStep(simulator(), generate('A lighthouse'));
		return runStep(simulator(), refine('Make it night'), [generated.next]);
	}

	function withSignature(
		step: Step,
		change: (part: Record<string, unknown>) => void,
		turn = 3,
		part = 1,
	): InputItem {
		const item = inlined(step.next);
		const conversation = item.json!.conversation as unknown as ConversationJson;
		change(conversation.turns[turn].parts[part] as Record<string, unknown>);
		return item;
	}

	it('a model turn without its signature: Google 400 as an API error naming the item', async () => {
		const step = await refinedOnce();
		const stripped = withSignature(step, (part) => delete part.thoughtSignature);
		simulator().reset();

		const result = await runGeminiImage(simulator(), refine('Add a boat'), { input: [stripped] });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe(
			'Gemini API error for item 0: Image part is missing a thought_signature in content position 4, part position 2. [400 INVALID_ARGUMENT]',
		);
		expect((result.error as NodeApiError).httpCode).toBe('400');
		expect((result.error as NodeApiError).description).toContain('Google rejected the request');
		expect(generateRequests(simulator())).toHaveLength(1);
		expect(generateRequests(simulator())[0].status).toBe(400);
		expect(requestContents(simulator())[3].parts[1]).not.toHaveProperty('thoughtSignature');

		// Under Continue On Fail the good item still gets its image.
		const continued = await runGeminiImage(simulator(), refine('Add a boat'), {
			input: [step.next, stripped],
			continueOnFail: true,
		});
		expect(continued.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(await imageOf(continued, continued.items[0])).toMatchObject({ width: 1024 });
		expect(continued.items[1].json.error).toMatchObject({
			message:
				'Gemini API error for item 1: Image part is missing a thought_signature in content position 4, part position 2. [400 INVALID_ARGUMENT]',
			httpStatus: 400,
			retryable: false,
		});
	});

	it('a signature edited on the way: "Corrupted thought signature."', async () => {
		const step = await refinedOnce();
		const edited = withSignature(step, (part) => {
			part.thoughtSignature = signPart('image', Buffer.from('another image'));
		});
		simulator().reset();
		const result = await runGeminiImage(simulator(), refine('Add a boat'), {
			input: [edited],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatchObject({
			message: 'Gemini API error for item 0: Corrupted thought signature. [400 INVALID_ARGUMENT]',
		});
	});

	it('a missing signature on the first text part of an earlier model turn', async () => {
		const step = await refinedOnce();
		const stripped = withSignature(step, (part) => delete part.thoughtSignature, 1, 0);
		simulator().reset();
		const result = await runGeminiImage(simulator(), refine('Add a boat'), { input: [stripped] });
		expect(result.error?.message).toBe(
			'Gemini API error for item 0: Text part is missing a thought_signature in content position 2, part position 1. [400 INVALID_ARGUMENT]',
		);
	});
});

describe('Refine: a conversation saved and resumed', () => {
	it('from JSON text, in a new run against a new simulator: the signatures still validate', async () => {
		const steps = await conversationOf3Refines();
		const saved = steps[3].next;
		const text = JSON.stringify(carriedConversationOf(saved));
		// What a database or a file keeps: the conversation as text, the images as files.
		const restored: InputItem = { json: { record: { saved: text } }, binary: saved.binary };

		const other = await startSimulator({ retiredModels: [] });
		try {
			const result = await runGeminiImage(
				other,
				refine('Add seagulls', { conversationField: 'record.saved' }),
				{ input: [restored] },
			);
			expect(result.error).toBeUndefined();
			const [request] = other.requests.filter((r) => r.path.endsWith(':generateContent'));
			expect(request.status).toBe(200);
			const contents = (request.body as { contents: RequestContent[] }).contents;
			expect(contents).toEqual([
				...asSent(JSON.parse(text) as ConversationJson, saved),
				{ role: 'user', parts: [{ text: 'Add seagulls' }] },
			]);
			const [item] = result.items;
			expect((await expectConversationByReference(result, item, PRO)).turns).toHaveLength(10);
			expect(await imageOf(result, item)).toMatchObject({ width: 1024, height: 1024 });
		} finally {
			await other.close();
		}
	});
});

describe('Refine: Earlier Exchanges to Send', () => {
	it.each([
		[1, 3],
		[2, 5],
		[3, 7],
		[0, 9],
		[10, 9],
	])('%i exchange(s): %i contents sent', async (maxExchanges, contentCount) => {
		const steps = await conversationOf3Refines();
		const before = carriedConversationOf(steps[3].next);
		simulator().reset();
		const step = await runStep(simulator(), refine('Add seagulls', { maxExchanges }), [
			steps[3].next,
		]);
		const contents = requestContents(simulator());
		expect(contents).toHaveLength(contentCount);
		const kept = before.turns.slice(before.turns.length - (contentCount - 1));
		expect(contents).toEqual([
			...asSent({ ...before, turns: kept }, steps[3].next),
			{ role: 'user', parts: [{ text: 'Add seagulls' }] },
		]);
		expect(contents[0].role).toBe('user');
		// The output carries what was sent and the answer, its images renumbered from turn 1.
		const after = await expectConversationByReference(step.result, step.item, PRO);
		expect(after.turns).toHaveLength(contentCount + 1);
		expect(Object.keys(step.item.binary ?? {}).sort()).toEqual(
			[
				'conversation',
				'data',
				...Array.from({ length: (contentCount - 1) / 2 }, (_, n) => `turn${2 * n + 2}_part2`),
			].sort(),
		);
	});
});

describe('Refine: a damaged conversation is a clear error before any request', () => {
	let refined: Step;

	beforeAll(async () => {
		const generated = await runStep(simulator(), generate('A lighthouse'));
		refined = await runStep(simulator(), refine('Make it night'), [generated.next]);
	});

	const withJson = (change: (json: Record<string, unknown>) => void): InputItem => {
		const item = inlined(refined.next);
		const json = item.json as Record<string, unknown>;
		change(json);
		return { json: json as InputItem['json'], binary: item.binary };
	};
	const turnsOf = (json: Record<string, unknown>) =>
		(json.conversation as unknown as ConversationJson).turns;

	const cases: Array<[string, () => InputItem, string, string]> = [
		[
			'no conversation field',
			() => withJson((json) => delete json.conversation),
			'there is no conversation',
			'Parameter "Conversation Field" reads "conversation". Connect Refine after a Gemini Image node',
		],
		[
			'invalid JSON text',
			() =>
				withJson((json) => {
					json.conversation = JSON.stringify(json.conversation).slice(0, 200);
				}),
			'the conversation is text that is not valid JSON',
			'Parameter "Conversation Field"',
		],
		[
			'a wrong version',
			() =>
				withJson((json) => {
					(json.conversation as unknown as ConversationJson).version = 3;
				}),
			'the conversation has version 3, expected 1',
			'Parameter "Conversation Field"',
		],
		[
			'roles out of order',
			() =>
				withJson((json) => {
					const turns = turnsOf(json);
					[turns[2], turns[3]] = [turns[3], turns[2]];
				}),
			'turn 3 has role "model" where "user" was expected',
			'Parameter "Conversation Field"',
		],
		[
			'no answer at the end',
			() => withJson((json) => void turnsOf(json).pop()),
			"the conversation ends without the model's answer",
			'Parameter "Conversation Field"',
		],
		[
			'an image as base64 in the JSON',
			() =>
				withJson((json) => {
					const part = turnsOf(json)[1].parts[1] as Record<string, unknown>;
					delete part.image;
					part.inlineData = { mimeType: 'image/png', data: 'iVBORw0KGgo=' };
				}),
			'turn 2, part 2 holds raw image data instead of a binary property reference',
			'Parameter "Conversation Field"',
		],
		[
			'a node between dropped the binary of an earlier turn',
			() => ({
				json: refined.next.json,
				binary: {
					data: refined.next.binary!.data,
					conversation: refined.next.binary!.conversation,
				},
			}),
			'turn 2, part 2 refers to binary property "turn2_part2", which the item does not have',
			'A node between the Gemini Image nodes dropped the binary data.',
		],
		[
			'a node between dropped every binary',
			() => ({ json: refined.next.json }),
			'its turns are kept in binary property "conversation", which the item does not have',
			'a node that kept its "conversation" field and binary data',
		],
	];

	it.each(cases)('%s', async (_name, damaged, problem, description) => {
		const message = `Cannot continue the conversation of item 1: ${problem}`;
		const input = [refined.next, damaged(), refined.next];
		simulator().reset();
		const stopped = await runGeminiImage(simulator(), refine('Add a boat'), { input });
		expect(stopped.error).toBeInstanceOf(NodeOperationError);
		expect(stopped.error?.message).toBe(message);
		expect((stopped.error as NodeOperationError).description).toContain(description);
		expect(stopped.items).toEqual([]);

		simulator().reset();
		const continued = await runGeminiImage(simulator(), refine('Add a boat'), {
			input,
			continueOnFail: true,
		});
		expect(continued.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(continued.items[1].json.error).toMatchObject({ message, retryable: false });
		expect(continued.items[1].binary).toBeUndefined();
		for (const index of [0, 2]) {
			expect(
				(await expectConversationByReference(continued, continued.items[index], PRO)).turns,
			).toHaveLength(6);
		}
		expect(generateRequests(simulator())).toHaveLength(2);
	});

	it('reads the conversation from the field named', async () => {
		const result = await runGeminiImage(
			simulator(),
			refine('Add a boat', { conversationField: 'history' }),
			{ input: [refined.next] },
		);
		expect(result.error?.message).toBe(
			'Cannot continue the conversation of item 0: there is no conversation',
		);
		expect((result.error as NodeOperationError).description).toContain('reads "history"');
		expect(simulator().requests).toHaveLength(0);
	});
});
