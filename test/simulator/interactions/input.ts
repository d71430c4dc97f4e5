/**
 * The `input` of an interaction in generateContent's words: a string, one Content, a Content list
 * (the new user turn), or a Step list (user_input / model_output / thought steps: a whole history
 * sent back, as with store:false). Shapes the checks cannot name are refused here; everything
 * else is left to generateContent's own checks, so their messages stay the same.
 */
import { badRequest, fieldError } from '../server/google-errors';
import { isJson, type Json } from './fields';
import type { Content, Part } from '../generate/request-shape';

const CONTENT_TYPES = ['text', 'image', 'audio', 'video', 'document'];
/** Google's documented value that skips a signature check: for parts the Interactions API signs no more. */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

/** One Content block as a generateContent part; the part checks report what is wrong with it. */
function toPart(content: unknown, path: string): Part {
	if (!isJson(content)) throw fieldError(path, `Invalid value at '${path}': expected an object.`);
	const type = content.type;
	if (type === 'text') return { text: content.text as string };
	if (typeof type !== 'string' || !CONTENT_TYPES.includes(type)) {
		throw fieldError(`${path}.type`, `Invalid value at '${path}.type', ${JSON.stringify(type)}`);
	}
	const mimeType = content.mime_type as string | undefined;
	const part: Part = {};
	if (content.data !== undefined) part.inlineData = { mimeType, data: content.data as string };
	if (content.uri !== undefined) part.fileData = { mimeType, fileUri: content.uri as string };
	return part;
}

function toParts(contents: unknown, path: string): Part[] {
	if (contents === undefined) return [];
	if (!Array.isArray(contents)) {
		throw fieldError(path, `Invalid JSON payload received. Expected a list at '${path}'.`);
	}
	return contents.map((c, i) => toPart(c, `${path}[${i}]`));
}

const isImage = (part: Part): boolean =>
	part.inlineData !== undefined || part.fileData !== undefined;

/**
 * A model_output sent back: the signature of the thought step before it belongs to its image
 * (or, with no image, its first part), as the simulator issues it. The Interactions API carries one
 * signature a turn, so a first text part before a signed image is not asked for its own.
 */
function modelTurn(parts: Part[], signature: string | undefined): Content {
	if (signature !== undefined && parts.length > 0) {
		const carrier = parts.find(isImage) ?? parts[0];
		carrier.thoughtSignature = signature;
		if (carrier !== parts[0]) parts[0].thoughtSignature = SKIP_SIGNATURE;
	}
	return { role: 'model', parts };
}

function fromSteps(steps: Json[]): Content[] {
	const contents: Content[] = [];
	let signature: string | undefined;
	steps.forEach((step, i) => {
		const path = `input[${i}].content`;
		if (step.type === 'user_input') {
			contents.push({ role: 'user', parts: toParts(step.content, path) });
		} else if (step.type === 'thought') {
			if (typeof step.signature === 'string') signature = step.signature;
		} else if (step.type === 'model_output') {
			contents.push(modelTurn(toParts(step.content, path), signature));
			signature = undefined;
		}
		// Tool call and result steps are the server's own record; nothing in them is checked.
	});
	return contents;
}

/** Step types of @google/genai 3.1: user_input, model_output, thought, and tool *_call / *_result. */
const isStep = (item: unknown): boolean =>
	isJson(item) &&
	typeof item.type === 'string' &&
	/^(user_input|model_output|thought|\w+_call|\w+_result)$/.test(item.type);

/** The new turn(s) as generateContent contents; a Step list may hold earlier model turns too. */
export function readInteractionInput(input: unknown): Content[] {
	if (
		input === undefined ||
		input === null ||
		input === '' ||
		(Array.isArray(input) && !input.length)
	) {
		throw badRequest('* CreateInteractionRequest.input: input is not specified\n');
	}
	if (typeof input === 'string') return [{ role: 'user', parts: [{ text: input }] }];
	if (isJson(input)) return [{ role: 'user', parts: [toPart(input, 'input')] }];
	if (!Array.isArray(input)) {
		throw fieldError('input', `Invalid value at 'input', ${JSON.stringify(input)}`);
	}
	const steps = input.filter(isStep);
	if (steps.length === 0) return [{ role: 'user', parts: toParts(input, 'input') }];
	if (steps.length !== input.length) {
		throw badRequest('Invalid input: a list of steps cannot also hold content blocks.');
	}
	return fromSteps(steps as Json[]);
}

/** The input as the user_input step(s) GET shows with include_input=true. */
export function inputSteps(input: unknown): unknown[] {
	if (typeof input === 'string')
		return [{ type: 'user_input', content: [{ type: 'text', text: input }] }];
	if (isJson(input)) return [{ type: 'user_input', content: [input] }];
	const list = input as unknown[];
	return list.some(isStep) ? list : [{ type: 'user_input', content: list }];
}
