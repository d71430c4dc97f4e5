/**
 * A baseline JPEG coder for whole restart intervals. The simulator's JPEGs are restart intervals
 * of one block of rows each: most repeat the first block's bytes, and the blocks the caption
 * crosses are coded again. The pixels of a block are its content plus a fixed luma noise (the
 * same shift on R, G and B), which is what gives the files their live byte size. Two shortcuts
 * keep that fast: an 8x8 unit whose content matches the first block's at the same place takes the
 * first block's coefficients, and a unit of one flat colour takes the transform of the noise
 * there plus its own DC, since with no clipping the DCT is linear and the noise leaves Cb and Cr
 * untouched: the noise's AC codes are worked out once per place and written as they are. Every
 * other unit goes through the DCT.
 *
 * The quantisation and Huffman tables come from a header jpeg-js wrote (jpeg-tables.ts), so
 * the intervals fit that header; one component of each kind per unit (no chroma subsampling), as
 * jpeg-js writes them.
 */
import {
	BitPacker,
	BitWriter,
	encodeAc,
	encodeDc,
	encodeUnit,
	UNIT_BYTES_MAX,
} from './jpeg-huffman';
import { NATURAL, type IntervalTables } from './jpeg-tables';

/**
 * The float AAN forward DCT (IJG's jfdctflt) of the 8x8 block in place, eight values apart
 * (`step` 1 for a row, 8 for a column) from `at`.
 */
function dct8(d: Float64Array, at: number, step: number): void {
	const i0 = at;
	const i1 = at + step;
	const i2 = at + 2 * step;
	const i3 = at + 3 * step;
	const i4 = at + 4 * step;
	const i5 = at + 5 * step;
	const i6 = at + 6 * step;
	const i7 = at + 7 * step;
	const tmp0 = d[i0] + d[i7];
	const tmp7 = d[i0] - d[i7];
	const tmp1 = d[i1] + d[i6];
	const tmp6 = d[i1] - d[i6];
	const tmp2 = d[i2] + d[i5];
	const tmp5 = d[i2] - d[i5];
	const tmp3 = d[i3] + d[i4];
	const tmp4 = d[i3] - d[i4];

	const even10 = tmp0 + tmp3;
	const even13 = tmp0 - tmp3;
	const even11 = tmp1 + tmp2;
	const even12 = tmp1 - tmp2;
	d[i0] = even10 + even11;
	d[i4] = even10 - even11;
	const z1 = (even12 + even13) * 0.707106781;
	d[i2] = even13 + z1;
	d[i6] = even13 - z1;

	const odd10 = tmp4 + tmp5;
	const odd11 = tmp5 + tmp6;
	const odd12 = tmp6 + tmp7;
	const z5 = (odd10 - odd12) * 0.382683433;
	const z2 = 0.5411961 * odd10 + z5;
	const z4 = 1.306562965 * odd12 + z5;
	const z3 = odd11 * 0.707106781;
	const z11 = tmp7 + z3;
	const z13 = tmp7 - z3;
	d[i5] = z13 + z2;
	d[i3] = z13 - z2;
	d[i1] = z11 + z4;
	d[i7] = z11 - z4;
}

/** Rounds half away from zero, as quantisation does. */
function roundAway(value: number): number {
	return value < 0 ? 0 - ((0.5 - value) | 0) : (value + 0.5) | 0;
}

/** Quantises an AAN DCT output block into `out` at `offset`, in zigzag order. */
function quantise(block: Float64Array, factors: Float64Array, out: Int16Array, offset: number) {
	for (let k = 0; k < 64; k++) {
		const natural = NATURAL[k];
		out[offset + k] = roundAway(block[natural] * factors[natural]);
	}
}

/** The AAN DCT of an 8x8 block, in place. */
function transform(block: Float64Array): void {
	for (let row = 0; row < 64; row += 8) dct8(block, row, 1);
	for (let column = 0; column < 8; column++) dct8(block, column, 8);
}

/** Coefficients of one unit: Y, Cb and Cr, 64 each in zigzag order. */
const UNIT = 192;

function clip(value: number): number {
	return value < 0 ? 0 : value > 255 ? 255 : value;
}

function luma(r: number, g: number, b: number): number {
	return 0.299 * r + 0.587 * g + 0.114 * b - 128;
}

function blueDifference(r: number, g: number, b: number): number {
	return -0.168736 * r - 0.331264 * g + 0.5 * b;
}

function redDifference(r: number, g: number, b: number): number {
	return 0.5 * r - 0.418688 * g - 0.081312 * b;
}

/**
 * Codes blocks of `rows` pixel rows (a multiple of 8) of one image `width` wide, each the content
 * of the block plus the same luma noise.
 */
export class IntervalCoder {
	private readonly units: number;
	private readonly minShift: number;
	private readonly maxShift: number;
	/** The AAN DCT of the noise of each unit, once it was needed. */
	private readonly noiseTransforms: Float64Array;
	private readonly noiseDone: Uint8Array;
	/** The Huffman codes of the quantised AC of each unit's noise (Y), once they were needed. */
	private readonly noiseAcCodes: Array<Uint32Array | undefined>;
	private readonly scratch = new Int16Array(64);
	/** The first block coded: its content and its coefficients. */
	private first?: { content: Buffer; coefficients: Int16Array };
	private readonly planes = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
	/** The byte offset in a row of each column of the units, the last column repeated past the edge. */
	private readonly columns: Int32Array;

	/** `shifts`: what is added to R, G and B of each pixel of a block, row by row. */
	constructor(
		private readonly tables: IntervalTables,
		private readonly width: number,
		private readonly rows: number,
		private readonly shifts: Int8Array,
	) {
		this.units = Math.ceil(width / 8) * (rows / 8);
		this.columns = new Int32Array(Math.ceil(width / 8) * 8);
		for (let x = 0; x < this.columns.length; x++) this.columns[x] = Math.min(x, width - 1) * 3;
		let min = 0;
		let max = 0;
		for (const shift of shifts) {
			if (shift < min) min = shift;
			if (shift > max) max = shift;
		}
		this.minShift = min;
		this.maxShift = max;
		this.noiseTransforms = new Float64Array(this.units * 64);
		this.noiseDone = new Uint8Array(this.units);
		this.noiseAcCodes = new Array(this.units);
	}

	/**
	 * The entropy-coded bytes of one restart interval: `content` holds the block's rows, 3 bytes a
	 * pixel, before the noise. DC prediction starts from zero, as after a restart marker; the last
	 * byte is padded with one bits.
	 */
	encode(content: Buffer): Buffer {
		const { width, rows, tables } = this;
		const writer = new BitWriter(Math.max(1024, width * rows));
		const first = this.first;
		const coefficients = first ? new Int16Array(UNIT) : new Int16Array(this.units * UNIT);
		const dc = [0, 0, 0];
		let unit = 0;
		for (let top = 0; top < rows; top += 8) {
			for (let left = 0; left < width; left += 8, unit++) {
				writer.reserve(UNIT_BYTES_MAX);
				const colour = this.flatColour(content, top, left);
				// The first block keeps every unit's coefficients, for the blocks after it.
				if (first && colour >= 0) {
					this.encodeFlat(writer, unit, top, left, colour, dc);
					continue;
				}
				const offset = first ? 0 : unit * UNIT;
				if (colour >= 0) this.quantiseFlat(unit, top, left, colour, coefficients, offset);
				else if (first && this.sameAsFirst(content, first.content, top, left)) {
					coefficients.set(first.coefficients.subarray(unit * UNIT, (unit + 1) * UNIT));
				} else this.transformUnit(content, top, left, coefficients, offset);
				for (let c = 0; c < 3; c++) {
					dc[c] = encodeUnit(writer, coefficients, offset + c * 64, dc[c], tables.components[c]);
				}
			}
		}
		if (!first) this.first = { content, coefficients };
		return writer.finish();
	}

	/** The byte offset of pixel (x, y) of a block, x held inside the image as the edge repeats. */
	private at(x: number, y: number): number {
		return y * this.width * 3 + this.columns[x];
	}

	private sameAsFirst(content: Buffer, first: Buffer, top: number, left: number): boolean {
		for (let y = top; y < top + 8; y++) {
			const from = this.at(left, y);
			const to = this.at(left + 7, y) + 3;
			for (let i = from; i < to; i++) if (content[i] !== first[i]) return false;
		}
		return true;
	}

	/**
	 * The colour of a unit of one colour that the noise never clips, as r << 16 | g << 8 | b; -1
	 * for any other unit. Such a unit's Y is the noise's transform plus the colour's DC (the DCT is
	 * linear), and its Cb and Cr are their DC alone (the noise adds the same to R, G and B).
	 */
	private flatColour(content: Buffer, top: number, left: number): number {
		const start = this.at(left, top);
		const r = content[start];
		const g = content[start + 1];
		const b = content[start + 2];
		const low = Math.min(r, g, b) + this.minShift;
		const high = Math.max(r, g, b) + this.maxShift;
		if (low < 0 || high > 255) return -1;
		for (let y = top; y < top + 8; y++) {
			const end = this.at(left + 7, y) + 3;
			for (let i = this.at(left, y); i < end; i += 3) {
				if (content[i] !== r || content[i + 1] !== g || content[i + 2] !== b) return -1;
			}
		}
		return (r << 16) | (g << 8) | b;
	}

	/** The quantised DCs (Y, Cb, Cr) of a flat unit of `colour`, its noise included. */
	private flatDc(
		unit: number,
		top: number,
		left: number,
		colour: number,
	): [number, number, number] {
		const r = colour >> 16;
		const g = (colour >> 8) & 0xff;
		const b = colour & 0xff;
		const [lumaTables, blueTables, redTables] = this.tables.components;
		// A flat block's AAN DC output is the sum of its 64 values.
		const noiseDc = this.noiseTransform(unit, top, left)[0];
		return [
			roundAway((noiseDc + 64 * luma(r, g, b)) * lumaTables.factors[0]),
			roundAway(64 * blueDifference(r, g, b) * blueTables.factors[0]),
			roundAway(64 * redDifference(r, g, b) * redTables.factors[0]),
		];
	}

	/** The coefficients of a flat unit of `colour`, into `out` at `offset`. */
	private quantiseFlat(
		unit: number,
		top: number,
		left: number,
		colour: number,
		out: Int16Array,
		offset: number,
	): void {
		quantise(this.noiseTransform(unit, top, left), this.tables.components[0].factors, out, offset);
		out.fill(0, offset + 64, offset + UNIT);
		const [y, cb, cr] = this.flatDc(unit, top, left, colour);
		out[offset] = y;
		out[offset + 64] = cb;
		out[offset + 128] = cr;
	}

	/**
	 * Codes a flat unit of `colour` straight away: the DC steps, the codes of its noise's AC (the
	 * same wherever the unit's place holds one colour) and an EOB for Cb and Cr.
	 */
	private encodeFlat(
		writer: BitWriter,
		unit: number,
		top: number,
		left: number,
		colour: number,
		dc: number[],
	): void {
		const components = this.tables.components;
		const values = this.flatDc(unit, top, left, colour);
		for (let c = 0; c < 3; c++) {
			encodeDc(writer, values[c] - dc[c], components[c]);
			dc[c] = values[c];
			if (c === 0) {
				for (const chunk of this.noiseAc(unit, top, left)) writer.put(chunk >>> 5, chunk & 31);
			} else writer.put(components[c].ac.code[0], components[c].ac.size[0]);
		}
	}

	private noiseAc(unit: number, top: number, left: number): Uint32Array {
		let codes = this.noiseAcCodes[unit];
		if (!codes) {
			const lumaTables = this.tables.components[0];
			quantise(this.noiseTransform(unit, top, left), lumaTables.factors, this.scratch, 0);
			const packer = new BitPacker();
			encodeAc(packer, this.scratch, 0, lumaTables);
			codes = packer.finish();
			this.noiseAcCodes[unit] = codes;
		}
		return codes;
	}

	private noiseTransform(unit: number, top: number, left: number): Float64Array {
		const transforms = this.noiseTransforms.subarray(unit * 64, (unit + 1) * 64);
		if (!this.noiseDone[unit]) {
			for (let y = 0; y < 8; y++) {
				for (let x = 0; x < 8; x++) {
					transforms[y * 8 + x] = this.shifts[this.at(left + x, top + y) / 3];
				}
			}
			transform(transforms);
			this.noiseDone[unit] = 1;
		}
		return transforms;
	}

	/** Codes a unit the long way: its pixels with the noise, clipped, then the DCT. */
	private transformUnit(
		content: Buffer,
		top: number,
		left: number,
		out: Int16Array,
		offset: number,
	): void {
		const [yPlane, cbPlane, crPlane] = this.planes;
		for (let y = 0; y < 8; y++) {
			for (let x = 0; x < 8; x++) {
				const at = this.at(left + x, top + y);
				const shift = this.shifts[at / 3];
				const r = clip(content[at] + shift);
				const g = clip(content[at + 1] + shift);
				const b = clip(content[at + 2] + shift);
				const i = y * 8 + x;
				yPlane[i] = luma(r, g, b);
				cbPlane[i] = blueDifference(r, g, b);
				crPlane[i] = redDifference(r, g, b);
			}
		}
		this.planes.forEach((plane, c) => {
			transform(plane);
			quantise(plane, this.tables.components[c].factors, out, offset + c * 64);
		});
	}
}
