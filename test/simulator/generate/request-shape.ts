/**
 * Reads a GenerateContentRequest the way Google's JSON front end does: snake_case and camelCase
 * names are both accepted, and a name the schema does not have is a 400 ("Unknown name ... Cannot
 * find field."). A client that misspells imageConfig finds out here, not in production.
 */
import { badRequest, type FieldViolation } from '../server/google-errors';

/** 'any' values are passed through unchecked (tool bodies, schemas and the like). */
type Field = 'scalar' | 'any' | { message: Schema; repeated?: boolean };
interface Schema {
	[camelName: string]: Field;
}

const BLOB: Schema = { mimeType: 'scalar', data: 'scalar', displayName: 'scalar' };
const FILE_DATA: Schema = { mimeType: 'scalar', fileUri: 'scalar', displayName: 'scalar' };

const PART: Schema = {
	text: 'scalar',
	inlineData: { message: BLOB },
	fileData: { message: FILE_DATA },
	thought: 'scalar',
	thoughtSignature: 'scalar',
	functionCall: 'any',
	functionResponse: 'any',
	executableCode: 'any',
	codeExecutionResult: 'any',
	videoMetadata: 'any',
	mediaResolution: 'any',
	partMetadata: 'any',
	toolCall: 'any',
	toolResponse: 'any',
};

const CONTENT: Schema = { role: 'scalar', parts: { message: PART, repeated: true } };

const IMAGE_CONFIG: Schema = { aspectRatio: 'scalar', imageSize: 'scalar' };
const THINKING_CONFIG: Schema = {
	includeThoughts: 'scalar',
	thinkingBudget: 'scalar',
	thinkingLevel: 'scalar',
};

const GENERATION_CONFIG: Schema = {
	stopSequences: 'any',
	responseMimeType: 'scalar',
	responseSchema: 'any',
	responseJsonSchema: 'any',
	responseModalities: 'any',
	candidateCount: 'scalar',
	maxOutputTokens: 'scalar',
	temperature: 'scalar',
	topP: 'scalar',
	topK: 'scalar',
	seed: 'scalar',
	presencePenalty: 'scalar',
	frequencyPenalty: 'scalar',
	responseLogprobs: 'scalar',
	logprobs: 'scalar',
	enableEnhancedCivicAnswers: 'scalar',
	speechConfig: 'any',
	mediaResolution: 'scalar',
	audioTranscriptionConfig: 'any',
	thinkingConfig: { message: THINKING_CONFIG },
	imageConfig: { message: IMAGE_CONFIG },
};

const SAFETY_SETTING: Schema = { category: 'scalar', threshold: 'scalar' };

const TOOL: Schema = {
	functionDeclarations: 'any',
	googleSearch: 'any',
	googleSearchRetrieval: 'any',
	codeExecution: 'any',
	urlContext: 'any',
	fileSearch: 'any',
	googleMaps: 'any',
	computerUse: 'any',
	mcpServers: 'any',
};

const REQUEST: Schema = {
	model: 'scalar',
	contents: { message: CONTENT, repeated: true },
	systemInstruction: { message: CONTENT },
	generationConfig: { message: GENERATION_CONFIG },
	safetySettings: { message: SAFETY_SETTING, repeated: true },
	tools: { message: TOOL, repeated: true },
	toolConfig: 'any',
	cachedContent: 'scalar',
	labels: 'any',
	serviceTier: 'scalar',
	store: 'scalar',
	continuationToken: 'any',
};

export interface InlineData {
	mimeType?: string;
	data?: string;
}
export interface FileData {
	mimeType?: string;
	fileUri?: string;
}
export interface Part {
	text?: string;
	inlineData?: InlineData;
	fileData?: FileData;
	thought?: boolean;
	thoughtSignature?: string;
	[other: string]: unknown;
}
export interface Content {
	role?: string;
	parts?: Part[];
}
export interface GenerationConfig {
	responseModalities?: unknown;
	candidateCount?: unknown;
	seed?: unknown;
	imageConfig?: { aspectRatio?: unknown; imageSize?: unknown };
	thinkingConfig?: { includeThoughts?: unknown; thinkingBudget?: unknown; thinkingLevel?: unknown };
	[other: string]: unknown;
}
export interface GenerateContentRequest {
	contents?: Content[];
	systemInstruction?: Content;
	generationConfig?: GenerationConfig;
	safetySettings?: Array<{ category?: unknown; threshold?: unknown }>;
	tools?: Array<Record<string, unknown>>;
	[other: string]: unknown;
}

function camel(name: string): string {
	return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function snake(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
	readonly problems: FieldViolation[] = [];

	message(value: unknown, schema: Schema, path: string): Record<string, unknown> | undefined {
		if (!isObject(value)) {
			this.problems.push({
				field: path,
				description: `Invalid value at '${path}', ${JSON.stringify(value)}: expected an object.`,
			});
			return undefined;
		}
		const out: Record<string, unknown> = {};
		for (const [name, child] of Object.entries(value)) {
			const key = camel(name);
			const field = schema[key];
			if (!field) {
				const where = path ? ` at '${path}'` : '';
				this.problems.push({
					field: path || undefined,
					description: `Invalid JSON payload received. Unknown name "${name}"${where}: Cannot find field.`,
				});
				continue;
			}
			if (child === null || child === undefined) continue;
			out[key] = this.field(child, field, path ? `${path}.${snake(key)}` : snake(key));
		}
		return out;
	}

	private field(value: unknown, field: Field, path: string): unknown {
		if (field === 'scalar' || field === 'any') return value;
		if (!field.repeated) return this.message(value, field.message, path);
		if (!Array.isArray(value)) {
			this.problems.push({
				field: path,
				description: `Invalid JSON payload received. Expected a list at '${path}'.`,
			});
			return undefined;
		}
		return value.map((item, i) => this.message(item, field.message, `${path}[${i}]`));
	}
}

/** Returns the request with camelCase names, or throws the 400 Google would answer. */
export function readGenerateContentRequest(body: unknown): GenerateContentRequest {
	if (!isObject(body)) {
		throw badRequest(
			'Invalid JSON payload received. Unknown name "": Root element must be a message.',
		);
	}
	const reader = new Reader();
	const request = reader.message(body, REQUEST, '') ?? {};
	if (reader.problems.length > 0) {
		throw badRequest(reader.problems.map((p) => p.description).join('\n'), reader.problems);
	}
	return request as GenerateContentRequest;
}
