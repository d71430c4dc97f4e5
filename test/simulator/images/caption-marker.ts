/**
 * What a simulated picture shows, written into the file's metadata so a test can read it without
 * reading pixels: a PNG iTXt chunk (UTF-8) named "Description" after IHDR, or a JPEG comment (COM)
 * right after the start of image. Real viewers show both and ignore them otherwise.
 */
import { crc32 } from 'node:zlib';

const KEYWORD = 'Description';
const PNG_IHDR_END = 8 + 8 + 13 + 4;
const JPEG_COM = 0xfe;
/** A JPEG segment holds at most 65,535 bytes, its 2-byte length included. */
const JPEG_COMMENT_MAX = 65533;

function isPng(bytes: Buffer): boolean {
	return bytes.readUInt32BE(0) === 0x89504e47;
}

function isJpeg(bytes: Buffer): boolean {
	return bytes[0] === 0xff && bytes[1] === 0xd8;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

/** The image with its caption lines in its metadata; other formats come back as they are. */
export function writeCaptionMarker(bytes: Buffer, lines: string[]): Buffer {
	const text = Buffer.from(lines.join('\n'), 'utf8');
	if (isPng(bytes)) {
		// iTXt: keyword, NUL, uncompressed (0, 0), empty language and translated keyword.
		const data = Buffer.concat([Buffer.from(`${KEYWORD}\0\0\0\0\0`, 'latin1'), text]);
		const chunk = pngChunk('iTXt', data);
		return Buffer.concat([bytes.subarray(0, PNG_IHDR_END), chunk, bytes.subarray(PNG_IHDR_END)]);
	}
	if (isJpeg(bytes)) {
		const comment = text.subarray(0, JPEG_COMMENT_MAX);
		const head = Buffer.from([0xff, JPEG_COM, 0, 0]);
		head.writeUInt16BE(comment.length + 2, 2);
		return Buffer.concat([bytes.subarray(0, 2), head, comment, bytes.subarray(2)]);
	}
	return bytes;
}

function readPngMarker(bytes: Buffer): string | undefined {
	for (let at = 8; at + 8 <= bytes.length;) {
		const length = bytes.readUInt32BE(at);
		const type = bytes.toString('ascii', at + 4, at + 8);
		const data = bytes.subarray(at + 8, at + 8 + length);
		if (type === 'iTXt' && data.toString('latin1', 0, KEYWORD.length + 1) === `${KEYWORD}\0`) {
			return data.subarray(KEYWORD.length + 5).toString('utf8');
		}
		if (type === 'IDAT' || type === 'IEND') return undefined;
		at += 12 + length;
	}
	return undefined;
}

function readJpegMarker(bytes: Buffer): string | undefined {
	for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff;) {
		const marker = bytes[at + 1];
		const length = bytes.readUInt16BE(at + 2);
		if (marker === JPEG_COM) return bytes.toString('utf8', at + 4, at + 2 + length);
		if (marker === 0xda) return undefined;
		at += 2 + length;
	}
	return undefined;
}

/** The caption lines a simulated picture carries, or undefined when it carries none. */
export function readCaptionMarker(bytes: Buffer): string[] | undefined {
	const text = isPng(bytes)
		? readPngMarker(bytes)
		: isJpeg(bytes)
			? readJpegMarker(bytes)
			: undefined;
	return text?.split('\n');
}
