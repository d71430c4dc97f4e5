/**
 * A lossless WebP (VP8L) encoder, for answers Vertex AI is asked to give as image/webp. It is
 * the format of RFC 9649 with no transforms and no colour cache: each pixel is either a literal
 * (green, red, blue and alpha, each with its own prefix code) or a backward reference to the
 * pixel above or to the left, chosen greedily. Prefix codes are Huffman codes of the actual
 * symbol counts. The simulator's pictures repeat rows, so a 4K answer is mostly long copies
 * from the row above and encodes in a fraction of a second; any picture encodes correctly.
 */
import type { Pixels } from './png-read';

const MAX_SIDE = 16384;
const MAX_COPY = 4096;
/** VP8L distance codes 1 and 2: the pixel above (0, 1) and the one to the left (1, 0). */
const ABOVE = 1;
const LEFT = 2;
const LENGTH_CODES = 24;
const DISTANCE_CODES = 40;
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const MAX_CODE_LENGTH = 15;
const MAX_CODE_LENGTH_CODE_LENGTH = 7;

class BitWriter {
	private buffer = Buffer.alloc(1 << 16);
	private position = 0;
	private bits = 0;
	private count = 0;

	/** Writes the low `n` bits of `value`, least significant first (n <= 24). */
	write(value: number, n: number): void {
		this.bits |= value << this.count;
		this.count += n;
		while (this.count >= 8) {
			if (this.position === this.buffer.length) {
				const grown = Buffer.alloc(this.buffer.length * 2);
				this.buffer.copy(grown);
				this.buffer = grown;
			}
			this.buffer[this.position++] = this.bits & 0xff;
			this.bits >>>= 8;
			this.count -= 8;
		}
	}

	finish(): Buffer {
		if (this.count > 0) this.write(0, 8 - this.count);
		return this.buffer.subarray(0, this.position);
	}
}

/** Huffman code lengths for the counts (0 for symbols never used), none longer than `limit`. */
function huffmanLengths(counts: readonly number[], limit: number): number[] {
	let weights = counts.slice();
	for (;;) {
		const lengths = treeDepths(weights);
		if (Math.max(...lengths) <= limit) return lengths;
		// Flatter counts give a shallower tree; all-equal counts give a balanced one.
		weights = weights.map((w) => (w === 0 ? 0 : Math.max(1, w >> 1)));
	}
}

function treeDepths(weights: readonly number[]): number[] {
	const lengths = new Array<number>(weights.length).fill(0);
	const nodes: Array<{ weight: number; symbols: number[] }> = [];
	weights.forEach((weight, symbol) => {
		if (weight > 0) nodes.push({ weight, symbols: [symbol] });
	});
	if (nodes.length === 1) lengths[nodes[0].symbols[0]] = 1;
	while (nodes.length > 1) {
		nodes.sort((a, b) => a.weight - b.weight || a.symbols[0] - b.symbols[0]);
		const [a, b] = nodes.splice(0, 2);
		for (const symbol of [...a.symbols, ...b.symbols]) lengths[symbol]++;
		nodes.push({ weight: a.weight + b.weight, symbols: [...a.symbols, ...b.symbols] });
	}
	return lengths;
}

/** Canonical codes for the lengths, bit-reversed so that the writer sends them first bit first. */
function canonicalCodes(lengths: readonly number[]): number[] {
	const perLength = new Array<number>(MAX_CODE_LENGTH + 2).fill(0);
	for (const length of lengths) if (length > 0) perLength[length]++;
	const next = new Array<number>(MAX_CODE_LENGTH + 2).fill(0);
	let code = 0;
	for (let length = 1; length <= MAX_CODE_LENGTH + 1; length++) {
		code = (code + perLength[length - 1]) << 1;
		next[length] = code;
	}
	return lengths.map((length) => {
		if (length === 0) return 0;
		const value = next[length]++;
		let reversed = 0;
		for (let bit = 0; bit < length; bit++) reversed |= ((value >> bit) & 1) << (length - 1 - bit);
		return reversed;
	});
}

interface PrefixCode {
	lengths: number[];
	codes: number[];
}

interface Token {
	symbol: number;
	extraBits: number;
	extra: number;
}

/** The code lengths, run-length coded with the code-length alphabet (16, 17 and 18 repeat). */
function lengthTokens(lengths: readonly number[]): Token[] {
	const tokens: Token[] = [];
	for (let i = 0; i < lengths.length;) {
		const value = lengths[i];
		let run = 1;
		while (i + run < lengths.length && lengths[i + run] === value) run++;
		i += run;
		if (value === 0) {
			while (run >= 11) {
				const n = Math.min(138, run);
				tokens.push({ symbol: 18, extraBits: 7, extra: n - 11 });
				run -= n;
			}
			if (run >= 3) {
				tokens.push({ symbol: 17, extraBits: 3, extra: run - 3 });
				run = 0;
			}
		} else {
			tokens.push({ symbol: value, extraBits: 0, extra: 0 });
			run--;
			while (run >= 3) {
				const n = Math.min(6, run);
				tokens.push({ symbol: 16, extraBits: 2, extra: n - 3 });
				run -= n;
			}
		}
		for (; run > 0; run--) tokens.push({ symbol: value, extraBits: 0, extra: 0 });
	}
	return tokens;
}

/**
 * Writes the prefix code for these symbol counts and returns it. Up to two used symbols below
 * 256 take the "simple" form (one used symbol then costs no bits); otherwise the code lengths
 * are sent with a code-length code. A lone symbol gets a partner so the code stays complete.
 */
function writePrefixCode(writer: BitWriter, counts: number[]): PrefixCode {
	const used = counts.flatMap((count, symbol) => (count > 0 ? [symbol] : []));
	if (used.length <= 2 && used.every((symbol) => symbol < 256)) {
		const symbols = used.length === 0 ? [0] : used;
		writer.write(1, 1);
		writer.write(symbols.length - 1, 1);
		const firstWide = symbols[0] > 1;
		writer.write(firstWide ? 1 : 0, 1);
		writer.write(symbols[0], firstWide ? 8 : 1);
		if (symbols.length === 2) writer.write(symbols[1], 8);
		const lengths = new Array<number>(counts.length).fill(0);
		if (symbols.length === 2) for (const symbol of symbols) lengths[symbol] = 1;
		return { lengths, codes: canonicalCodes(lengths) };
	}
	const weights = counts.slice();
	if (used.length === 1) weights[used[0] === 0 ? 1 : 0] = 1;
	const lengths = huffmanLengths(weights, MAX_CODE_LENGTH);
	const tokens = lengthTokens(lengths);
	const tokenCounts = new Array<number>(19).fill(0);
	for (const token of tokens) tokenCounts[token.symbol]++;
	if (tokenCounts.filter((count) => count > 0).length === 1) {
		tokenCounts[tokens[0].symbol === 0 ? 1 : 0] = 1;
	}
	const codeLengthLengths = huffmanLengths(tokenCounts, MAX_CODE_LENGTH_CODE_LENGTH);
	const codeLengthCodes = canonicalCodes(codeLengthLengths);
	let sent = CODE_LENGTH_ORDER.length;
	while (sent > 4 && codeLengthLengths[CODE_LENGTH_ORDER[sent - 1]] === 0) sent--;
	writer.write(0, 1);
	writer.write(sent - 4, 4);
	for (let i = 0; i < sent; i++) writer.write(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
	// max_symbol is the alphabet size: every length is in the token stream.
	writer.write(0, 1);
	for (const token of tokens) {
		writer.write(codeLengthCodes[token.symbol], codeLengthLengths[token.symbol]);
		if (token.extraBits > 0) writer.write(token.extra, token.extraBits);
	}
	return { lengths, codes: canonicalCodes(lengths) };
}

/** VP8L's prefix coding of a length or distance code (1-based): symbol, extra bits, their value. */
function prefixOf(value: number): Token {
	const d = value - 1;
	if (d < 4) return { symbol: d, extraBits: 0, extra: 0 };
	const high = 31 - Math.clz32(d);
	const second = (d >> (high - 1)) & 1;
	const extraBits = high - 1;
	return { symbol: 2 * high + second, extraBits, extra: d & ((1 << extraBits) - 1) };
}

type Emit = {
	literal(argb: number): void;
	copy(length: number, distanceCode: number): void;
};

/** The LZ77 parse: at each pixel the longer run equal to the pixels above or to the left. */
function parse(argb: Uint32Array, width: number, emit: Emit): void {
	const total = argb.length;
	const run = (at: number, from: number): number => {
		const end = Math.min(total, at + MAX_COPY);
		let i = at;
		while (i < end && argb[i] === argb[i - at + from]) i++;
		return i - at;
	};
	for (let i = 0; i < total;) {
		const above = i >= width ? run(i, i - width) : 0;
		const left = i >= 1 ? run(i, i - 1) : 0;
		if (above === 0 && left === 0) {
			emit.literal(argb[i]);
			i++;
		} else if (above >= left) {
			emit.copy(above, ABOVE);
			i += above;
		} else {
			emit.copy(left, LEFT);
			i += left;
		}
	}
}

function toArgb(pixels: Pixels): { argb: Uint32Array; alpha: boolean } {
	const { width, height, channels, data } = pixels;
	const argb = new Uint32Array(width * height);
	let alpha = false;
	for (let i = 0, p = 0; i < argb.length; i++, p += channels) {
		const a = channels === 4 ? data[p + 3] : 255;
		if (a !== 255) alpha = true;
		argb[i] = ((a << 24) | (data[p] << 16) | (data[p + 1] << 8) | data[p + 2]) >>> 0;
	}
	return { argb, alpha };
}

/** The VP8L bitstream: header, no transforms, no colour cache, one group of five prefix codes. */
function vp8l(pixels: Pixels): Buffer {
	const { width, height } = pixels;
	const { argb, alpha } = toArgb(pixels);
	const green = new Array<number>(256 + LENGTH_CODES).fill(0);
	const red = new Array<number>(256).fill(0);
	const blue = new Array<number>(256).fill(0);
	const alphas = new Array<number>(256).fill(0);
	const distance = new Array<number>(DISTANCE_CODES).fill(0);
	parse(argb, width, {
		literal(pixel) {
			green[(pixel >>> 8) & 0xff]++;
			red[(pixel >>> 16) & 0xff]++;
			blue[pixel & 0xff]++;
			alphas[pixel >>> 24]++;
		},
		copy(length, distanceCode) {
			green[256 + prefixOf(length).symbol]++;
			distance[prefixOf(distanceCode).symbol]++;
		},
	});

	const writer = new BitWriter();
	writer.write(0x2f, 8);
	writer.write(width - 1, 14);
	writer.write(height - 1, 14);
	writer.write(alpha ? 1 : 0, 1);
	writer.write(0, 3);
	writer.write(0, 1); // no transform
	writer.write(0, 1); // no colour cache
	writer.write(0, 1); // no meta prefix codes: one group for the whole image
	const codes = [green, red, blue, alphas, distance].map((counts) =>
		writePrefixCode(writer, counts),
	);
	const [g, r, b, a, d] = codes;
	const put = (code: PrefixCode, symbol: number): void =>
		writer.write(code.codes[symbol], code.lengths[symbol]);
	parse(argb, width, {
		literal(pixel) {
			put(g, (pixel >>> 8) & 0xff);
			put(r, (pixel >>> 16) & 0xff);
			put(b, pixel & 0xff);
			put(a, pixel >>> 24);
		},
		copy(length, distanceCode) {
			const lengthPrefix = prefixOf(length);
			put(g, 256 + lengthPrefix.symbol);
			if (lengthPrefix.extraBits > 0) writer.write(lengthPrefix.extra, lengthPrefix.extraBits);
			const distancePrefix = prefixOf(distanceCode);
			put(d, distancePrefix.symbol);
			if (distancePrefix.extraBits > 0) {
				writer.write(distancePrefix.extra, distancePrefix.extraBits);
			}
		},
	});
	return writer.finish();
}

/** A complete .webp file (RIFF container, one VP8L chunk) of the pixels. */
export function encodeWebp(pixels: Pixels): Buffer {
	const { width, height } = pixels;
	if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
		throw new Error(`A WebP image is 1 to ${MAX_SIDE} pixels a side, not ${width}x${height}.`);
	}
	const data = vp8l(pixels);
	const pad = data.length % 2;
	const header = Buffer.alloc(20);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(4 + 8 + data.length + pad, 4);
	header.write('WEBP', 8, 'ascii');
	header.write('VP8L', 12, 'ascii');
	header.writeUInt32LE(data.length, 16);
	return Buffer.concat([header, data, Buffer.alloc(pad)]);
}
