/**
 * Reads an Interactions API create body (snake_case, as @google/genai 3.1 sends it; camelCase is
 * accepted as by Google's JSON front end) and says it in generateContent's words, so the request
 * goes through generateContent's checks unchanged. Only shapes those checks cannot see are
 * refused here, with the front end's "Unknown name" wording for a field the API lacks.
 */
import { badRequest, fieldError } from '../server/google-errors';
import { readInteractionConfig } from './config';
import { isJson, readMessage, type Json } from './fields';
import { readInteractionInput } from './input';
import type { Content, GenerateContentRequest } from '../generate/request-shape';

const TOP_LEVEL = [
	'model',
	'agent',
	'agent_config',
	'input',
	'previous_interaction_id',
	'store',
	'background',
	'stream',
	'system_instruction',
	'response_modalities',
	'response_format',
	'response_mime_type',
	'generation_config',
	'safety_settings',
	'tools',
	'labels',
	'service_tier',
	'cached_content',
	'continuation_token',
	'environment',
	'webhook_config',
];

export interface InteractionAsk {
	model: string;
	previousId?: string;
	store: boolean;
	background: boolean;
	/** The body's `input`, kept as sent for GET ?include_input=true. */
	input: unknown;
	/** The new turn(s), in generateContent's words. */
	contents: Content[];
	/** Everything but the contents, camelCase, as generateContent's checks read it. */
	request: GenerateContentRequest;
	/** response_format.mime_type 'image/jpeg' asks for a JPEG image. */
	jpeg: boolean;
}

function readFlag(body: Json, name: string, fallback: boolean): boolean {
	const value = body[name];
	if (value === undefined) return fallback;
	if (typeof value !== 'boolean') {
		throw fieldError(name, `Invalid value at '${name}' (TYPE_BOOL), ${JSON.stringify(value)}`);
	}
	return value;
}

function readString(body: Json, name: string): string | undefined {
	const value = body[name];
	if (value === undefined || typeof value === 'string') return value;
	throw fieldError(name, `Invalid value at '${name}' (TYPE_STRING), ${JSON.stringify(value)}`);
}

/** Returns the request in generateContent's words, or throws the 400 Google would answer. */
export function readInteractionRequest(raw: unknown): InteractionAsk {
	if (!isJson(raw)) {
		throw badRequest(
			'Invalid JSON payload received. Unknown name "": Root element must be a message.',
		);
	}
	const body = readMessage(raw, TOP_LEVEL, '');
	if (body.agent !== undefined) {
		throw badRequest('The simulator serves models only: create the interaction with `model`.');
	}
	const model = readString(body, 'model');
	if (!model) throw badRequest('* CreateInteractionRequest.model: model is not specified\n');
	const store = readFlag(body, 'store', true);
	const background = readFlag(body, 'background', false);
	if (readFlag(body, 'stream', false)) {
		throw badRequest('The simulator does not stream interactions: create them with stream false.');
	}
	if (background && !store) {
		throw badRequest('A background interaction must be stored: background=true needs store=true.');
	}
	const systemInstruction = readString(body, 'system_instruction');
	const { request, jpeg } = readInteractionConfig(body);
	if (systemInstruction) request.systemInstruction = { parts: [{ text: systemInstruction }] };
	return {
		model,
		previousId: readString(body, 'previous_interaction_id') || undefined,
		store,
		background,
		input: body.input,
		contents: readInteractionInput(body.input),
		request,
		jpeg,
	};
}
