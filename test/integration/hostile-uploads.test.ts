/**
 * Uploads under the same rules as generation (retried, bounded in time, only ACTIVE files
 * used), each distinct history image uploaded once, real HEIC accepted, and conversations
 * whose numbers were retyped as text still read.
 */
import type { InputItem } from '../harness';
import type { ConversationJson } from './setup';
import {
	carriedConversationOf,
	carryOn,
	file,
	generateRequests,
	model,
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

describe('Refine with a history that names one image many times', () => {
	it('reads, checks and uploads the image once, and refers to it everywhere', async () => {
		// About 1.6 MB each; twelve copies inline would pass the 20 MB budget.
		const photo = noisePng(640, 640);
		const first = await runGeminiImage(simulator(), parametersOf('generate')('A red boat'));
		expect(first.error).toBeUndefined();
		const carried = await carryOn(first, first.items[0]);
		const conversation: ConversationJson = carriedConversationOf(carried);
		// The first user turn, as a saved conversation could hold it: one photo, 12 times.
		conversation.turns[0].parts.push(
			...Array.from({ length: 12 }, () => ({
				image: { binaryProperty: 'photo', mimeType: 'image/png' },
			})),
		);
		const input: InputItem = {
			json: carried.json,
			binary: {
				...carried.binary,
				photo: file(photo, 'image/png', 'photo.png'),
				conversation: file(Buffer.from(JSON.stringify(conversation)), 'application/json'),
			},
		};
		simulator().reset();
		const refined = await runGeminiImage(simulator(), parametersOf('refine')('Make it blue'), {
			input: [input],
		});
		expect(refined.error).toBeUndefined();
		expect(starts()).toHaveLength(1);
		const uris = requestContents(simulator())[0]
			.parts.map((part) => part.fileData?.fileUri)
			.filter(Boolean);
		expect(uris).toHaveLength(12);
		expect(new Set(uris).size).toBe(1);
	}, 60_000);

	it('continues a conversation whose version was retyped as text', async () => {
		const first = await runGeminiImage(simulator(), parametersOf('generate')('A red boat'));
		const carried = await carryOn(first, first.items[0]);
		const conversation = { ...carriedConversationOf(carried), version: '1' };
		const input: InputItem = {
			json: {
				...carried.json,
				conversation: { ...(carried.json.conversation as object), version: '2' },
			},
			binary: {
				...carried.binary,
				conversation: file(Buffer.from(JSON.stringify(conversation)), 'application/json'),
			},
		};
		const refined = await runGeminiImage(simulator(), parametersOf('refine')('Make it blue'), {
			input: [input],
		});
		expect(refined.error).toBeUndefined();
		expect(refined.items).toHaveLength(1);
		expect(refined.items[0].json.conversation).toMatchObject({ version: 2, turns: 4 });
	});
});

/** A HEIF file as cameras write it: an ftyp box, then meta with the image's size (ispe). */
function heifFile(brand: string, compatible: string[], width: number, height: number): Buffer {
	const box = (type: string, ...content: Buffer[]) => {
		const body = Buffer.concat(content);
		const head = Buffer.alloc(8);
		head.writeUInt32BE(8 + body.length, 0);
		head.write(type, 4, 'latin1');
		return Buffer.concat([head, body]);
	};
	const fullBox = (type: string, ...content: Buffer[]) => box(type, Buffer.alloc(4), ...content);
	const ispe = Buffer.alloc(8);
	ispe.writeUInt32BE(width, 0);
	ispe.writeUInt32BE(height, 4);
	const ftyp = box(
		'ftyp',
		Buffer.from(brand, 'latin1'),
		Buffer.alloc(4),
		...compatible.map((name) => Buffer.from(name, 'latin1')),
	);
	const meta = fullBox('meta', box('iprp', box('ipco', fullBox('ispe', ispe))));
	return Buffer.concat([ftyp, meta, box('mdat', Buffer.alloc(64, 7))]);
}

describe('HEIC and HEIF inputs', () => {
	it.each([
		['heic', [], 'image/heic'],
		['mif1', ['mif1', 'heic'], 'image/heic'],
		['heix', [], 'image/heic'],
		['mif1', ['mif1'], 'image/heif'],
	])('a %s file (compatible %j) goes as %s', async (brand, compatible, mimeType) => {
		const photo = heifFile(brand, compatible, 640, 480);
		const result = await runGeminiImage(simulator(), edit('Add a red hat'), {
			input: [{ json: {}, binary: { data: file(photo, mimeType, 'photo.heic') } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [, image] = requestContents(simulator())[0].parts;
		expect(image.inlineData?.mimeType).toBe(mimeType);
		expect(image.inlineData?.data).toBe(photo.toString('base64'));
	});
});
