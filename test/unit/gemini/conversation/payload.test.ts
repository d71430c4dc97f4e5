import type {
	PendingImage,
	PendingTurn,
} from '../../../../nodes/GeminiImage/gemini/conversation/payload';
import {
	chooseUploads,
	materializeContents,
} from '../../../../nodes/GeminiImage/gemini/conversation/payload';

const image = (bytes: number, name: string): PendingImage => ({
	bytes: Buffer.alloc(bytes, 1),
	mimeType: 'image/png',
	displayName: name,
});

describe('chooseUploads', () => {
	it('keeps small requests inline', () => {
		const turns: PendingTurn[] = [
			{ role: 'user', parts: [{ part: { text: 'x' } }, { part: {}, image: image(1000, 'a') }] },
		];
		expect(chooseUploads(turns, 10_000).size).toBe(0);
	});

	it('uploads the largest images first until the rest fits', () => {
		const big = image(6000, 'big');
		const mid = image(3000, 'mid');
		const small = image(600, 'small');
		const turns: PendingTurn[] = [
			{
				role: 'user',
				parts: [
					{ part: {}, image: small },
					{ part: {}, image: big },
					{ part: {}, image: mid },
				],
			},
		];
		// base64: 8000 + 4000 + 800 = 12800; a budget of 4000 needs big and mid out.
		expect([...chooseUploads(turns, 4000)].map((i) => i.displayName)).toEqual(['big', 'mid']);
	});
});

describe('materializeContents', () => {
	it('sends uploaded images as file references and the rest inline, parts otherwise intact', async () => {
		const big = image(9000, 'big');
		const small = image(3, 'small');
		const turns: PendingTurn[] = [
			{ role: 'user', parts: [{ part: { text: 'compose' } }, { part: {}, image: big }] },
			{ role: 'model', parts: [{ part: { thoughtSignature: 'c2ln' }, image: small }] },
		];
		const uploaded: string[] = [];
		const contents = await materializeContents(
			turns,
			async (file) => {
				uploaded.push(file.displayName);
				return { uri: `files/${file.displayName}`, mimeType: file.mimeType };
			},
			1000,
		);
		expect(uploaded).toHaveLength(1);
		expect(uploaded).toEqual(['big']);
		expect(contents).toEqual([
			{
				role: 'user',
				parts: [{ text: 'compose' }, { fileData: { fileUri: 'files/big', mimeType: 'image/png' } }],
			},
			{
				role: 'model',
				parts: [{ thoughtSignature: 'c2ln', inlineData: { mimeType: 'image/png', data: 'AQEB' } }],
			},
		]);
	});
});

describe('an image sent several times', () => {
	it('is uploaded once and referred to wherever it is sent', async () => {
		const photo = image(3000, 'photo');
		const again = { ...photo, displayName: 'turn3_part2' };
		const turns: PendingTurn[] = [
			{ role: 'user', parts: [{ part: { text: 'a' } }, { part: {}, image: photo }] },
			{ role: 'model', parts: [{ part: { text: 'b' } }] },
			{ role: 'user', parts: [{ part: { text: 'c' } }, { part: {}, image: again }] },
		];
		const uploads: string[] = [];
		const contents = await materializeContents(
			turns,
			async (file) => {
				uploads.push(file.displayName);
				return { uri: `files/${file.displayName}`, mimeType: file.mimeType };
			},
			// Each copy fits alone (4000 base64 bytes), both together do not.
			6000,
		);
		expect(uploads).toEqual(['photo']);
		const fileUris = contents.flatMap((turn) =>
			(turn.parts ?? []).map((part) => part.fileData?.fileUri).filter(Boolean),
		);
		expect(fileUris).toEqual(['files/photo', 'files/photo']);
	});
});
