/**
 * The tables of a baseline JPEG header that the simulator's restart intervals are coded with:
 * quantisation (DQT) and Huffman (DHT) tables, and which of them each component (SOF0, SOS) uses.
 * jpeg-js writes the header; jpeg-intervals.ts codes the intervals.
 */

/** The natural (row-major) index of each zigzag position. */
export const NATURAL = Uint8Array.from([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
	13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
	45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** The AAN DCT's output scale of each row and column frequency (IJG's jfdctflt). */
const AAN_SCALE = [
	1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379,
];

export interface HuffmanCodes {
	code: Uint16Array;
	size: Uint8Array;
}

export interface ComponentTables {
	/** Quantisation divisors in zigzag order, as the header holds them. */
	quant: Uint16Array;
	/** What the AAN DCT's output is multiplied by, at each natural index, to quantise it. */
	factors: Float64Array;
	dc: HuffmanCodes;
	ac: HuffmanCodes;
}

export interface IntervalTables {
	/** Y, Cb, Cr, in scan order. */
	components: ComponentTables[];
}

/** The codes of a DHT table: counts per length 1 to 16, then the symbols in code order. */
function huffmanCodes(counts: Buffer, symbols: Buffer): HuffmanCodes {
	const code = new Uint16Array(256);
	const size = new Uint8Array(256);
	let next = 0;
	let index = 0;
	for (let length = 1; length <= 16; length++) {
		for (let n = 0; n < counts[length - 1]; n++) {
			code[symbols[index]] = next++;
			size[symbols[index++]] = length;
		}
		next <<= 1;
	}
	return { code, size };
}

/** 1 / (divisor x the AAN scales x 8) at each natural index: quantises the AAN DCT's output. */
function quantFactors(divisors: Uint16Array): Float64Array {
	const factors = new Float64Array(64);
	for (let k = 0; k < 64; k++) {
		const natural = NATURAL[k];
		factors[natural] = 1 / (divisors[k] * AAN_SCALE[natural >> 3] * AAN_SCALE[natural & 7] * 8);
	}
	return factors;
}

/** Reads the tables of a baseline JPEG's header (DQT, DHT, SOF0, SOS). */
export function readIntervalTables(jpegBytes: Buffer): IntervalTables {
	const quant = new Map<number, Uint16Array>();
	const huffman = new Map<number, HuffmanCodes>();
	const quantOf = new Map<number, number>();
	for (let position = 2; position + 4 <= jpegBytes.length;) {
		const marker = jpegBytes[position + 1];
		const length = jpegBytes.readUInt16BE(position + 2);
		const body = jpegBytes.subarray(position + 4, position + 2 + length);
		if (marker === 0xdb) {
			for (let at = 0; at < body.length; at += 65) {
				if (body[at] >> 4 !== 0) throw new Error('Only 8-bit quantisation tables are read');
				quant.set(body[at] & 15, Uint16Array.from(body.subarray(at + 1, at + 65)));
			}
		} else if (marker === 0xc4) {
			for (let at = 0; at < body.length;) {
				const counts = body.subarray(at + 1, at + 17);
				const total = counts.reduce((sum, count) => sum + count, 0);
				huffman.set(body[at], huffmanCodes(counts, body.subarray(at + 17, at + 17 + total)));
				at += 17 + total;
			}
		} else if (marker === 0xc0) {
			for (let at = 6; at < body.length; at += 3) quantOf.set(body[at], body[at + 2]);
		} else if (marker === 0xda) {
			const components: ComponentTables[] = [];
			for (let n = 0; n < body[0]; n++) {
				const id = body[1 + n * 2];
				const selectors = body[2 + n * 2];
				const divisors = quant.get(quantOf.get(id) as number);
				components.push({
					quant: divisors as Uint16Array,
					factors: divisors ? quantFactors(divisors) : new Float64Array(64),
					dc: huffman.get(selectors >> 4) as HuffmanCodes,
					ac: huffman.get(0x10 | (selectors & 15)) as HuffmanCodes,
				});
			}
			if (components.length !== 3 || components.some((c) => !c.quant || !c.dc || !c.ac)) {
				throw new Error('Expected a three-component baseline JPEG header');
			}
			return { components };
		}
		position += 2 + length;
	}
	throw new Error('No start of scan in the JPEG header');
}
