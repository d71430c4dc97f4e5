/**
 * Huffman coding of baseline JPEG units: the bit writer (with 0xFF byte stuffing), a packer that
 * keeps bits to be written again, and the DC and AC codes of a unit's coefficients.
 */
import type { ComponentTables } from './jpeg-tables';

/** Where Huffman codes go: put() takes the low `size` bits of `value`, size at most 24. */
export interface BitSink {
	put(value: number, size: number): void;
}

/** Writes bits most significant first, stuffing a zero byte after every 0xFF. */
export class BitWriter implements BitSink {
	private bytes: Buffer;
	private length = 0;
	private bits = 0;
	private count = 0;

	constructor(capacity: number) {
		this.bytes = Buffer.alloc(capacity);
	}

	/** Makes room for `more` bytes; put() itself never checks. */
	reserve(more: number): void {
		if (this.length + more <= this.bytes.length) return;
		const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + more));
		this.bytes.copy(grown, 0, 0, this.length);
		this.bytes = grown;
	}

	/** Writes the low `size` bits of `value`; size at most 24. */
	put(value: number, size: number): void {
		this.bits = (this.bits << size) | value;
		this.count += size;
		while (this.count >= 8) {
			this.count -= 8;
			const byte = (this.bits >>> this.count) & 0xff;
			this.bytes[this.length++] = byte;
			if (byte === 0xff) this.bytes[this.length++] = 0;
		}
		this.bits &= (1 << this.count) - 1;
	}

	/** Pads the last byte with one bits, as the standard asks before a marker. */
	finish(): Buffer {
		this.reserve(2);
		if (this.count > 0) this.put((1 << (8 - this.count)) - 1, 8 - this.count);
		return Buffer.from(this.bytes.subarray(0, this.length));
	}
}

/**
 * Keeps bits to be written again and again: packed into chunks of up to 24 bits, each held as
 * bits * 32 + size, which BitWriter.put() takes in one call.
 */
export class BitPacker implements BitSink {
	private readonly chunks: number[] = [];
	private bits = 0;
	private count = 0;

	put(value: number, size: number): void {
		const free = 24 - this.count;
		if (size < free) {
			this.bits = (this.bits << size) | value;
			this.count += size;
			return;
		}
		const rest = size - free;
		this.chunks.push(((this.bits << free) | (value >>> rest)) * 32 + 24);
		this.bits = value & ((1 << rest) - 1);
		this.count = rest;
	}

	finish(): Uint32Array {
		if (this.count > 0) this.chunks.push(this.bits * 32 + this.count);
		return Uint32Array.from(this.chunks);
	}
}

/** The most bytes one unit can take: 64 codes of at most 26 bits for each of 3, all stuffed. */
export const UNIT_BYTES_MAX = Math.ceil((3 * 64 * 26) / 8) * 2;

/** Bits for a value of magnitude category `size`: negative values as value - 1, masked. */
function magnitudeBits(value: number, size: number): number {
	return (value < 0 ? value - 1 : value) & ((1 << size) - 1);
}

/** The magnitude category (bit count) of every value a baseline coefficient or DC step takes. */
const CATEGORY_OFFSET = 1 << 15;
const CATEGORIES = new Uint8Array(2 * CATEGORY_OFFSET);
for (let value = 1; value < CATEGORY_OFFSET; value++) {
	const size = 32 - Math.clz32(value);
	CATEGORIES[CATEGORY_OFFSET + value] = size;
	CATEGORIES[CATEGORY_OFFSET - value] = size;
}

function category(value: number): number {
	return CATEGORIES[CATEGORY_OFFSET + value];
}

/** Huffman-codes a DC step. */
export function encodeDc(sink: BitSink, diff: number, tables: ComponentTables): void {
	const size = category(diff);
	sink.put(tables.dc.code[size], tables.dc.size[size]);
	if (size) sink.put(magnitudeBits(diff, size), size);
}

/** Huffman-codes the 63 AC coefficients of a unit at `offset` (zigzag order), up to its EOB. */
export function encodeAc(
	sink: BitSink,
	coefficients: Int16Array,
	offset: number,
	tables: ComponentTables,
): void {
	const codes = tables.ac.code;
	const sizes = tables.ac.size;
	let run = 0;
	for (let k = 1; k < 64; k++) {
		const value = coefficients[offset + k];
		if (value === 0) {
			run++;
			continue;
		}
		for (; run > 15; run -= 16) sink.put(codes[0xf0], sizes[0xf0]);
		const size = category(value);
		const symbol = (run << 4) | size;
		const codeSize = sizes[symbol];
		// Code and magnitude in one write when they fit in 24 bits, as they nearly always do.
		if (codeSize + size <= 24) {
			sink.put((codes[symbol] << size) | magnitudeBits(value, size), codeSize + size);
		} else {
			sink.put(codes[symbol], codeSize);
			sink.put(magnitudeBits(value, size), size);
		}
		run = 0;
	}
	if (run > 0) sink.put(codes[0], sizes[0]);
}

/** Huffman-codes one unit's coefficients at `offset`; returns its DC for the next one. */
export function encodeUnit(
	writer: BitWriter,
	coefficients: Int16Array,
	offset: number,
	previousDc: number,
	tables: ComponentTables,
): number {
	const dc = coefficients[offset];
	encodeDc(writer, dc - previousDc, tables);
	encodeAc(writer, coefficients, offset, tables);
	return dc;
}
