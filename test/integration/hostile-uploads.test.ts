/**
 * Inputs an endpoint or a saved item may make hostile: a history that names one image many
 * times (uploaded once), real HEIC files, conversations whose numbers were retyped as text.
 */
import type { InputItem } from '../harness';
import type { ConversationJson } from './setup';
import {
	carriedConversationOf,
	carryOn,
	file,
	noisePng,
	parametersOf,
	requestContents,
	runGeminiImage,
	uploadRequests,
	useSimulator,
} from './setup';

const simulator = useSimulator();
const edit = parametersOf('edit');

const starts = () =>
	uploadRequests(simulator()).filter((r) => r.headers['x-goog-upload-command'] === 'start');

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
				conversation: { ...(carried.json?.conversation as object), version: '2' },
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
