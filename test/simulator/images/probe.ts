/** Reads an image's format and pixel size from its header bytes, without decoding it. */

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'heif' | 'gif';

export interface ImageProbe {
	format: ImageFormat;
	/** Absent when the header does not carry it in an easy place (HEIF). */
	width?: number;
	height?: number;
}

function probePng(bytes: Buffer): ImageProbe {
	if (bytes.length < 24) return { format: 'png' };
	return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the size. */
function probeJpeg(bytes: Buffer): ImageProbe {
	let offset = 2;
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) {
			offset++;
			continue;
		}
		const marker = bytes[offset + 1];
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) {
			return {
				format: 'jpeg',
				height: bytes.readUInt16BE(offset + 5),
				width: bytes.readUInt16BE(offset + 7),
			};
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			offset += 2;
			continue;
		}
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return { format: 'jpeg' };
}

function probeWebp(bytes: Buffer): ImageProbe {
	const chunk = bytes.toString('ascii', 12, 16);
	if (chunk === 'VP8X' && bytes.length >= 30) {
		return {
			format: 'webp',
			width: bytes.readUIntLE(24, 3) + 1,
			height: bytes.readUIntLE(27, 3) + 1,
		};
	}
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const bits = bytes.readUInt32LE(21);
		return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return {
			format: 'webp',
			width: bytes.readUInt16LE(26) & 0x3fff,
			height: bytes.readUInt16LE(28) & 0x3fff,
		};
	}
	return { format: 'webp' };
}

/** undefined when the bytes are not an image format the simulator recognises. */
export function probeImage(bytes: Buffer): ImageProbe | undefined {
	if (
		bytes.length >= 8 &&
		bytes.readUInt32BE(0) === 0x89504e47 &&
		bytes.readUInt32BE(4) === 0x0d0a1a0a
	) {
		return probePng(bytes);
	}
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return probeJpeg(bytes);
	}
	if (
		bytes.length >= 16 &&
		bytes.toString('ascii', 0, 4) === 'RIFF' &&
		bytes.toString('ascii', 8, 12) === 'WEBP'
	) {
		return probeWebp(bytes);
	}
	if (bytes.length >= 12 && bytes.toString('ascii', 4, 8) === 'ftyp') {
		return { format: 'heif' };
	}
	if (bytes.length >= 10 && bytes.toString('ascii', 0, 4) === 'GIF8') {
		return { format: 'gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
	}
	return undefined;
}
