/**
 * A lossless WebP (VP8L) reader for the simulator's tests, written from RFC 9649 apart from the
 * encoder: prefix codes (simple and normal), LZ77 backward references and the distance map.
 * Transforms, colour caches and meta prefix codes are refused, as the encoder uses none.
 */

export interface DecodedWebp {
	width: number;
	height: number;
	/** RGBA, 4 bytes a pixel. */
	data: Buffer;
}

const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
/** The first entries of the spec's distance map: (dx, dy) for distance codes 1 to 4. */
const DISTANCE_MAP: Array<[number, number]> = [
	[0, 1],
	[1, 0],
	[1, 1],
	[-1, 1],
];

class BitReader {
	private position = 0;

	constructor(private readonly bytes: Buffer) {}

	read(n: number): number {
		let value = 0;
		for (let i = 0; i < n; i++) {
			const byte = this.bytes[this.position >> 3];
			if (byte === undefined) throw new Error('The VP8L data ends early.');
			value |= ((byte >> (this.position & 7)) & 1) << i;
			this.position++;
		}
		return value;
	}
}

/** A canonical prefix code: symbols by (length, code), read first bit first. */
class PrefixCode {
	private readonly byLength = new Map<number, Map<number, number>>();
	private readonly only?: number;

	constructor(lengths: readonly number[]) {
		const used = lengths.flatMap((length, symbol) => (length > 0 ? [symbol] : []));
		if (used.length === 0) throw new Error('A prefix code with no symbol.');
		if (used.length === 1) {
			this.only = used[0];
			return;
		}
		let code = 0;
		let kraft = 0;
		for (let length = 1; length <= 15; length++) {
			for (const symbol of used) {
				if (lengths[symbol] !== length) continue;
				const table = this.byLength.get(length) ?? new Map<number, number>();
				table.set(code++, symbol);
				this.byLength.set(length, table);
				kraft += 2 ** -length;
			}
			code <<= 1;
		}
		if (Math.abs(kraft - 1) > 1e-9) throw new Error('A prefix code that is not complete.');
	}

	decode(reader: BitReader): number {
		if (this.only !== undefined) return this.only;
		let code = 0;
		for (let length = 1; length <= 15; length++) {
			code = (code << 1) | reader.read(1);
			const symbol = this.byLength.get(length)?.get(code);
			if (symbol !== undefined) return symbol;
		}
		throw new Error('An invalid prefix code in the VP8L data.');
	}
}

function readPrefixCode(reader: BitReader, alphabetSize: number): PrefixCode {
	const lengths = new Array<number>(alphabetSize).fill(0);
	if (reader.read(1) === 1) {
		const count = reader.read(1) + 1;
		const first = reader.read(reader.read(1) === 1 ? 8 : 1);
		lengths[first] = 1;
		if (count === 2) lengths[reader.read(8)] = 1;
		return new PrefixCode(lengths);
	}
	const codeLengthLengths = new Array<number>(19).fill(0);
	const sent = 4 + reader.read(4);
	for (let i = 0; i < sent; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]] = reader.read(3);
	const codeLengthCode = new PrefixCode(codeLengthLengths);
	let maxSymbol = alphabetSize;
	if (reader.read(1) === 1) maxSymbol = 2 + reader.read(2 + 2 * reader.read(3));
	let previous = 8;
	for (let symbol = 0; symbol < alphabetSize && maxSymbol-- > 0;) {
		const token = codeLengthCode.decode(reader);
		if (token < 16) {
			lengths[symbol++] = token;
			if (token !== 0) previous = token;
			continue;
		}
		const [repeat, value] =
			token === 16
				? [3 + reader.read(2), previous]
				: token === 17
					? [3 + reader.read(3), 0]
					: [11 + reader.read(7), 0];
		if (symbol + repeat > alphabetSize) throw new Error('Code lengths overrun the alphabet.');
		for (let i = 0; i < repeat; i++) lengths[symbol++] = value;
	}
	return new PrefixCode(lengths);
}

function prefixValue(reader: BitReader, prefix: number): number {
	if (prefix < 4) return prefix + 1;
	const extraBits = (prefix - 2) >> 1;
	const offset = (2 + (prefix & 1)) << extraBits;
	return offset + reader.read(extraBits) + 1;
}

export function decodeWebp(file: Buffer): DecodedWebp {
	if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WEBP') {
		throw new Error('Not a WebP file.');
	}
	if (file.readUInt32LE(4) !== file.length - 8) throw new Error('The RIFF size is wrong.');
	if (file.toString('ascii', 12, 16) !== 'VP8L') throw new Error('Not a lossless WebP.');
	const size = file.readUInt32LE(16);
	const reader = new BitReader(file.subarray(20, 20 + size));
	if (reader.read(8) !== 0x2f) throw new Error('No VP8L signature.');
	const width = reader.read(14) + 1;
	const height = reader.read(14) + 1;
	reader.read(1); // alpha hint
	if (reader.read(3) !== 0) throw new Error('Unknown VP8L version.');
	if (reader.read(1) === 1) throw new Error('Transforms are not read here.');
	if (reader.read(1) === 1) throw new Error('Colour caches are not read here.');
	if (reader.read(1) === 1) throw new Error('Meta prefix codes are not read here.');
	const [green, red, blue, alpha, distance] = [280, 256, 256, 256, 40].map((n) =>
		readPrefixCode(reader, n),
	);
	const pixels = new Uint32Array(width * height);
	for (let i = 0; i < pixels.length;) {
		const symbol = green.decode(reader);
		if (symbol < 256) {
			const r = red.decode(reader);
			const b = blue.decode(reader);
			const a = alpha.decode(reader);
			pixels[i++] = ((a << 24) | (r << 16) | (symbol << 8) | b) >>> 0;
			continue;
		}
		const length = prefixValue(reader, symbol - 256);
		const code = prefixValue(reader, distance.decode(reader));
		let back = code - 120;
		if (code <= 120) {
			const offset = DISTANCE_MAP[code - 1];
			if (!offset) throw new Error(`Distance code ${code} is not read here.`);
			back = Math.max(1, offset[0] + offset[1] * width);
		}
		if (back > i || i + length > pixels.length) throw new Error('A backward reference overruns.');
		for (let k = 0; k < length; k++, i++) pixels[i] = pixels[i - back];
	}
	const data = Buffer.alloc(width * height * 4);
	pixels.forEach((argb, p) => {
		data[p * 4] = (argb >>> 16) & 0xff;
		data[p * 4 + 1] = (argb >>> 8) & 0xff;
		data[p * 4 + 2] = argb & 0xff;
		data[p * 4 + 3] = argb >>> 24;
	});
	return { width, height, data };
}
