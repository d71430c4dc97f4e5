/**
 * A Vertex AI generateContent body: the Gemini API's request (generate/request-shape.ts reads it, with
 * its "Unknown name" 400s) plus the image options only Vertex AI has, which the SDK sends as
 *   generationConfig.imageConfig: {personGeneration, prominentPeople,
 *     imageOutputOptions: {mimeType, compressionQuality}}
 * (`outputMimeType` and `outputCompressionQuality` in the SDK's config become
 * imageOutputOptions). Vertex AI has no Files API: a fileData URI is a Cloud Storage object.
 */
import { FileStore, type StoredFile } from '../files/store';
import { fieldError } from '../server/google-errors';
import { OUTPUT_MIME_TYPES, type OutputMimeType } from '../images/output';
import { gradientPng } from '../images/test-pictures';
import { readGenerateContentRequest, type GenerateContentRequest } from '../generate/request-shape';
import { unsupportedFileUri } from './errors';

export const PERSON_GENERATION = [
	'PERSON_GENERATION_UNSPECIFIED',
	'ALLOW_ALL',
	'ALLOW_ADULT',
	'ALLOW_NONE',
] as const;

export const PROMINENT_PEOPLE = [
	'PROMINENT_PEOPLE_UNSPECIFIED',
	'ALLOW_PROMINENT_PEOPLE',
	'BLOCK_PROMINENT_PEOPLE',
] as const;

export interface VertexImageOptions {
	mimeType?: OutputMimeType;
	quality?: number;
	personGeneration?: string;
	prominentPeople?: string;
}

const IMAGE_CONFIG_PATH = 'generation_config.image_config';
const OUTPUT_PATH = `${IMAGE_CONFIG_PATH}.image_output_options`;
/** A Cloud Storage object: gs://bucket/object. */
const GCS_URI = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]\/.+$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value under the camelCase or the snake_case name, and which name held it. */
function field(object: Json, camel: string, snake: string): { name?: string; value: unknown } {
	if (camel in object) return { name: camel, value: object[camel] };
	if (snake in object) return { name: snake, value: object[snake] };
	return { value: undefined };
}

function enumValue(
	value: unknown,
	path: string,
	allowed: readonly string[],
	type: string,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw fieldError(path, `Invalid value at '${path}' (${type}), ${JSON.stringify(value)}`);
	}
	return value;
}

function readOutputOptions(value: unknown): Pick<VertexImageOptions, 'mimeType' | 'quality'> {
	if (value === undefined || value === null) return {};
	if (!isObject(value)) {
		throw fieldError(
			OUTPUT_PATH,
			`Invalid value at '${OUTPUT_PATH}', ${JSON.stringify(value)}: expected an object.`,
		);
	}
	for (const name of Object.keys(value)) {
		if (!['mimeType', 'mime_type', 'compressionQuality', 'compression_quality'].includes(name)) {
			throw fieldError(
				OUTPUT_PATH,
				`Invalid JSON payload received. Unknown name "${name}" at '${OUTPUT_PATH}': Cannot find field.`,
			);
		}
	}
	const mimeType = field(value, 'mimeType', 'mime_type').value;
	const quality = field(value, 'compressionQuality', 'compression_quality').value;
	const options: Pick<VertexImageOptions, 'mimeType' | 'quality'> = {};
	if (mimeType !== undefined && mimeType !== null) {
		if (
			typeof mimeType !== 'string' ||
			!(OUTPUT_MIME_TYPES as readonly string[]).includes(mimeType)
		) {
			throw fieldError(
				`${OUTPUT_PATH}.mime_type`,
				`Unsupported image output mime type ${JSON.stringify(mimeType)}. Supported values are: ${OUTPUT_MIME_TYPES.join(', ')}.`,
			);
		}
		options.mimeType = mimeType as OutputMimeType;
	}
	if (quality !== undefined && quality !== null) {
		const path = `${OUTPUT_PATH}.compression_quality`;
		if (!Number.isInteger(quality)) {
			throw fieldError(path, `Invalid value at '${path}' (TYPE_INT32), ${JSON.stringify(quality)}`);
		}
		if ((quality as number) < 0 || (quality as number) > 100) {
			throw fieldError(path, `compression_quality must be between 0 and 100, got ${quality}.`);
		}
		options.quality = quality as number;
	}
	return options;
}

/** The request without the Vertex-only image fields, and those fields, checked. */
export function readVertexRequest(
	body: unknown,
	apiVersion: string,
): { request: GenerateContentRequest; options: VertexImageOptions } {
	if (!isObject(body)) return { request: readGenerateContentRequest(body ?? {}), options: {} };
	const config = field(body, 'generationConfig', 'generation_config');
	const image = isObject(config.value)
		? field(config.value, 'imageConfig', 'image_config')
		: { value: undefined };
	if (!config.name || !image.name || !isObject(image.value) || !isObject(config.value)) {
		return { request: readGenerateContentRequest(body), options: {} };
	}
	const rest: Json = { ...image.value };
	const taken = (camel: string, snake: string): unknown => {
		const found = field(rest, camel, snake);
		delete rest[camel];
		delete rest[snake];
		return found.value;
	};
	const enumType = (name: string): string =>
		`type.googleapis.com/google.cloud.aiplatform.${apiVersion}.ImageConfig.${name}`;
	const options: VertexImageOptions = {
		personGeneration: enumValue(
			taken('personGeneration', 'person_generation'),
			`${IMAGE_CONFIG_PATH}.person_generation`,
			PERSON_GENERATION,
			enumType('PersonGeneration'),
		),
		prominentPeople: enumValue(
			taken('prominentPeople', 'prominent_people'),
			`${IMAGE_CONFIG_PATH}.prominent_people`,
			PROMINENT_PEOPLE,
			enumType('ProminentPeople'),
		),
		...readOutputOptions(taken('imageOutputOptions', 'image_output_options')),
	};
	const stripped = { ...body, [config.name]: { ...config.value, [image.name]: rest } };
	return { request: readGenerateContentRequest(stripped), options };
}

/** Vertex AI reads fileData from Cloud Storage only; a Files API URI (or any other) is a 400. */
export function checkVertexFileUris(request: GenerateContentRequest): void {
	for (const content of request.contents ?? []) {
		for (const part of content?.parts ?? []) {
			const uri = part?.fileData?.fileUri;
			if (typeof uri === 'string' && uri !== '' && !GCS_URI.test(uri)) {
				throw unsupportedFileUri(uri);
			}
		}
	}
}

/** The picture a Cloud Storage object stands for: the simulator cannot read buckets. */
let standIn: Buffer | undefined;
const STAND_IN_SIDE = 1024;

/**
 * Cloud Storage objects as the content checks see them: any gs:// URI is an image of the part's
 * own mimeType (a 1024x1024 picture; the part must say its mimeType, as Vertex AI requires).
 */
class CloudStorageObjects extends FileStore {
	override lookup(reference: string): StoredFile | undefined {
		if (!GCS_URI.test(reference)) return undefined;
		standIn ??= gradientPng(STAND_IN_SIDE, STAND_IN_SIDE);
		const now = new Date().toISOString();
		return {
			id: reference.slice('gs://'.length),
			mimeType: '',
			bytes: standIn,
			createTime: now,
			expirationTime: now,
			lifecycle: { processingGets: 0, fails: false, unavailableStarts: 0 },
			state: 'ACTIVE',
		};
	}
}

export const CLOUD_STORAGE = new CloudStorageObjects();

/** A compressionQuality on an answer that will be a PNG has nothing to act on. */
export function checkQualityApplies(options: VertexImageOptions, answersPng: boolean): void {
	if (options.quality !== undefined && answersPng) {
		throw fieldError(
			`${OUTPUT_PATH}.compression_quality`,
			'compression_quality is only supported for image/jpeg and image/webp output.',
		);
	}
}
