/**
 * Checks of `contents`: structure, input images, reference-image limits and, for Gemini 3 models,
 * the thought signatures on the model's own earlier turns.
 */
import { GoogleApiError, badRequest, fieldError } from '../server/google-errors';
import { probeImage, type ImageProbe } from '../images/probe';
import { usesThoughtSignatures, type ModelSpec } from '../models/table';
import type { Content, GenerateContentRequest, Part } from './request-shape';
import { isValidSignature } from './signatures';
import type { FileStore } from '../files/store';

export const INPUT_IMAGE_TYPES = [
	'image/png',
	'image/jpeg',
	'image/webp',
	'image/heic',
	'image/heif',
];

/** Google's video input types (video understanding) and PDF (document understanding). */
const VIDEO_SIGNATURES: Record<string, (head: Buffer) => boolean> = {};
const isoMedia = (head: Buffer) =>
	['ftyp', 'moov', 'mdat', 'wide', 'free'].includes(head.toString('latin1', 4, 8));
const mpeg = (head: Buffer) => head.readUInt32BE(0) === 0x1ba || head.readUInt32BE(0) === 0x1b3;
for (const type of ['video/mp4', 'video/mov', 'video/quicktime', 'video/3gpp']) {
	VIDEO_SIGNATURES[type] = isoMedia;
}
VIDEO_SIGNATURES['video/mpeg'] = mpeg;
VIDEO_SIGNATURES['video/mpg'] = mpeg;
VIDEO_SIGNATURES['video/webm'] = (head) => head.readUInt32BE(0) === 0x1a45dfa3;
VIDEO_SIGNATURES['video/avi'] = (head) =>
	head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'AVI ';
VIDEO_SIGNATURES['video/x-flv'] = (head) => head.toString('latin1', 0, 3) === 'FLV';
VIDEO_SIGNATURES['video/wmv'] = (head) => head.readUInt32BE(0) === 0x3026b275;

/** What Google answers when a video or PDF is not what its type says. */
const UNREADABLE_MEDIA = {
	video: 'Request contains an invalid argument.',
	pdf: 'The document has no pages.',
} as const;

/** A video or PDF the model takes (its table's otherInputs); undefined for anything else. */
function otherInputOf(mimeType: string, model: ModelSpec): 'video' | 'pdf' | undefined {
	const kind =
		mimeType === 'application/pdf' ? 'pdf' : VIDEO_SIGNATURES[mimeType] ? 'video' : undefined;
	return kind && model.image?.otherInputs?.includes(kind) ? kind : undefined;
}

/** Checks a video's or PDF's first bytes against its type, as Google's decoders would fail. */
function checkOtherInput(kind: 'video' | 'pdf', mimeType: string, head: Buffer): void {
	const ok =
		head.length >= 12 &&
		(kind === 'pdf' ? head.toString('latin1', 0, 5) === '%PDF-' : VIDEO_SIGNATURES[mimeType](head));
	if (!ok) throw badRequest(UNREADABLE_MEDIA[kind]);
}

const DATA_FIELDS = [
	'text',
	'inlineData',
	'fileData',
	'functionCall',
	'functionResponse',
	'executableCode',
	'codeExecutionResult',
	'toolCall',
	'toolResponse',
] as const;

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;
/**
 * Base64 decoded to find an image's size: the size fields sit at the start of PNG and WebP files,
 * and after EXIF and colour-profile segments in JPEGs, which rarely pass a few hundred kilobytes.
 */
const PROBE_CHARS = 1024 * 1024;

const UNREADABLE_IMAGE =
	'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';

export interface ContentsSummary {
	/** Text of the last user turn: the prompt, and where scenario markers are read. */
	promptText: string;
	/** The first input image of the last user turn, for the follow-the-input ratio rule. */
	followImage?: ImageProbe;
	/** Images anywhere in the history, for prompt token counts. */
	imageCount: number;
	textChars: number;
}

function snake(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isUserTurn(content: Content): boolean {
	return content.role !== 'model';
}

function isImagePart(part: Part): boolean {
	return part.inlineData !== undefined || part.fileData !== undefined;
}

const INVALID_ROLE = 'Please use a valid role: user, model.';
export const LAST_TURN_NOT_USER = 'Please ensure that the last turn of contents is a user turn.';

/**
 * Roles: Google's docs call a role optional on a single content, "useful to set for multi-turn
 * conversations"; a history must say who said what, so each of its turns needs one. The model
 * answers the last turn, which must then be the user's.
 */
function checkRoles(contents: Content[]): void {
	const multiTurn = contents.length > 1;
	for (const { role } of contents) {
		const unset = role === undefined || role === '';
		if ((unset && multiTurn) || (!unset && role !== 'user' && role !== 'model')) {
			throw badRequest(INVALID_ROLE);
		}
	}
	if (contents.at(-1)?.role === 'model') throw badRequest(LAST_TURN_NOT_USER);
}

function checkStructure(contents: Content[]): void {
	checkRoles(contents);
	const problems: string[] = [];
	contents.forEach((content, i) => {
		if (!content.parts || content.parts.length === 0) {
			problems.push(
				`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`,
			);
			return;
		}
		content.parts.forEach((part, j) => {
			const path = `contents[${i}].parts[${j}]`;
			const set = DATA_FIELDS.filter((f) => part[f] !== undefined && part[f] !== '');
			if (set.length === 0) {
				problems.push(
					`* GenerateContentRequest.${path}.data: required oneof field 'data' must have one initialized field\n`,
				);
			} else if (set.length > 1) {
				throw fieldError(
					path,
					`Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '${snake(set[1])}'`,
				);
			}
			if (part.text !== undefined && typeof part.text !== 'string') {
				throw fieldError(
					`${path}.text`,
					`Invalid value at '${path}.text' (TYPE_STRING), ${JSON.stringify(part.text)}`,
				);
			}
			if (part.thought !== undefined && typeof part.thought !== 'boolean') {
				throw fieldError(
					`${path}.thought`,
					`Invalid value at '${path}.thought' (TYPE_BOOL), ${JSON.stringify(part.thought)}`,
				);
			}
			const signature = part.thoughtSignature;
			if (signature !== undefined && (typeof signature !== 'string' || !BASE64.test(signature))) {
				throw fieldError(
					`${path}.thought_signature`,
					`Invalid value at '${path}.thought_signature' (TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(String(signature).slice(0, 40))}`,
				);
			}
		});
	});
	if (problems.length > 0) throw badRequest(problems.join(''));
}

/** An input image's bytes, read once and only as far as needed. */
class ImageSource {
	private full?: Buffer;

	constructor(
		private readonly base64?: string,
		private readonly stored?: Buffer,
	) {}

	head(): Buffer {
		if (this.stored) return this.stored;
		return Buffer.from((this.base64 ?? '').slice(0, PROBE_CHARS), 'base64');
	}

	bytes(): Buffer {
		if (this.stored) return this.stored;
		this.full ??= Buffer.from(this.base64 ?? '', 'base64');
		return this.full;
	}
}

function readImagePart(
	part: Part,
	path: string,
	model: ModelSpec,
	files: FileStore,
): { source: ImageSource; probe?: ImageProbe } {
	const checkMime = (mimeType: unknown, field: string): void => {
		if (typeof mimeType !== 'string' || mimeType === '') {
			throw fieldError(field, `* GenerateContentRequest.${field}: mime_type is not specified\n`);
		}
		if (model.image && !INPUT_IMAGE_TYPES.includes(mimeType) && !otherInputOf(mimeType, model)) {
			throw fieldError(field, `Unsupported MIME type: ${mimeType}`);
		}
	};
	const other = (mimeType: unknown) =>
		typeof mimeType === 'string' ? otherInputOf(mimeType, model) : undefined;
	if (part.inlineData) {
		const { mimeType, data } = part.inlineData;
		checkMime(mimeType, `${path}.inline_data.mime_type`);
		if (typeof data !== 'string' || !BASE64.test(data)) {
			throw fieldError(
				`${path}.inline_data.data`,
				`Invalid value at '${path}.inline_data.data' (TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(String(data).slice(0, 40))}`,
			);
		}
		if (data.length === 0) throw badRequest(UNREADABLE_IMAGE);
		const source = new ImageSource(data);
		const kind = other(mimeType);
		if (kind) {
			checkOtherInput(kind, mimeType as string, source.head());
			return { source };
		}
		const probe = model.image ? probeImage(source.head()) : undefined;
		if (model.image && !probe) throw badRequest(UNREADABLE_IMAGE);
		return { source, probe };
	}
	const { fileUri, mimeType } = part.fileData ?? {};
	if (typeof fileUri !== 'string' || fileUri === '') {
		throw fieldError(
			`${path}.file_data.file_uri`,
			`* GenerateContentRequest.${path}.file_data.file_uri: file_uri is not specified\n`,
		);
	}
	const file = files.lookup(fileUri);
	if (!file) {
		const id = fileUri.split('/').pop() ?? fileUri;
		throw new GoogleApiError(
			403,
			'PERMISSION_DENIED',
			`File ${id} is not found or permission denied.`,
		);
	}
	if (file.state !== 'ACTIVE') {
		throw new GoogleApiError(
			400,
			'FAILED_PRECONDITION',
			`The File ${file.id} is not in an ACTIVE state and usage is not allowed.`,
		);
	}
	checkMime(mimeType ?? file.mimeType, `${path}.file_data.mime_type`);
	const source = new ImageSource(undefined, file.bytes);
	const kind = other(mimeType ?? file.mimeType);
	if (kind) {
		checkOtherInput(kind, (mimeType ?? file.mimeType) as string, file.bytes);
		return { source };
	}
	const probe = model.image ? probeImage(file.bytes) : undefined;
	if (model.image && !probe) throw badRequest(UNREADABLE_IMAGE);
	return { source, probe };
}

/**
 * Gemini 3 checks the model turns it is sent back: the first non-thought part and every image
 * part must carry the signature it was issued with (positions in the message are 1-based).
 */
function checkSignature(
	part: Part,
	source: ImageSource | undefined,
	required: boolean,
	i: number,
	j: number,
): void {
	const signature = part.thoughtSignature;
	const image = isImagePart(part);
	if (signature === undefined) {
		if (!required) return;
		const kind = image ? 'Image' : 'Text';
		throw badRequest(
			`${kind} part is missing a thought_signature in content position ${i + 1}, part position ${j + 1}.`,
		);
	}
	const content = image ? source?.bytes() : Buffer.from(part.text ?? '');
	if (!content || !isValidSignature(signature, image ? 'image' : 'text', content)) {
		throw badRequest('Corrupted thought signature.');
	}
}

export function checkContents(
	request: GenerateContentRequest,
	model: ModelSpec,
	files: FileStore,
): ContentsSummary {
	const contents = request.contents ?? [];
	if (contents.length === 0) {
		throw badRequest('* GenerateContentRequest.contents: contents is not specified\n');
	}
	checkStructure(contents);
	const signed = usesThoughtSignatures(model.id);
	let lastUser = -1;
	contents.forEach((content, i) => {
		if (isUserTurn(content)) lastUser = i;
	});

	let referenceImages = 0;
	let imageCount = 0;
	let textChars = 0;
	let followImage: ImageProbe | undefined;
	contents.forEach((content, i) => {
		const parts = content.parts ?? [];
		const firstAnswerPart = parts.findIndex((p) => p.thought !== true);
		parts.forEach((part, j) => {
			if (typeof part.text === 'string') textChars += part.text.length;
			let source: ImageSource | undefined;
			if (isImagePart(part)) {
				const image = readImagePart(part, `contents[${i}].parts[${j}]`, model, files);
				source = image.source;
				imageCount++;
				if (isUserTurn(content) && part.thought !== true) referenceImages++;
				if (i === lastUser && !followImage && image.probe?.width) followImage = image.probe;
			}
			if (signed && content.role === 'model') {
				const required = part.thought !== true && (j === firstAnswerPart || isImagePart(part));
				checkSignature(part, source, required, i, j);
			}
		});
	});

	const maxImages = model.image?.maxReferenceImages;
	if (maxImages !== undefined && referenceImages > maxImages) {
		throw badRequest(
			`The request contains ${referenceImages} input images, but models/${model.id} accepts at most ${maxImages}.`,
		);
	}
	const promptText =
		lastUser < 0
			? ''
			: (contents[lastUser].parts ?? [])
					.filter((p) => typeof p.text === 'string' && p.thought !== true)
					.map((p) => p.text)
					.join('\n');
	return { promptText, followImage, imageCount, textChars };
}
