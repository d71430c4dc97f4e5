/**
 * The smallest files that are what they claim: an MP4 (ftyp and an empty moov box) and a
 * one-page PDF. The node and the simulator tell types by their first bytes, as Google's decoders
 * would refuse a file that is not what its type says.
 */

function box(type: string, body: Buffer): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + body.length, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, body]);
}

/** An MP4 of `padding` extra bytes (in a free box), for files past the inline budget. */
export function tinyMp4(padding = 0): Buffer {
	const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));
	const mvhd = box('mvhd', Buffer.alloc(100));
	const parts = [ftyp, box('moov', mvhd)];
	if (padding > 0) parts.push(box('free', Buffer.alloc(padding, 0x11)));
	return Buffer.concat(parts);
}

export function tinyPdf(): Buffer {
	return Buffer.from(
		[
			'%PDF-1.4',
			'1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
			'2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
			'3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
			'trailer << /Root 1 0 R >>',
			'%%EOF',
			'',
		].join('\n'),
		'latin1',
	);
}

/** A WebM's EBML header, for a type check that goes by signature. */
export const WEBM_HEAD = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0, 0, 0]);
