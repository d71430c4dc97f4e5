/** Field reading shared by the Interactions API modules, in Google's front-end wording. */
import { badRequest, fieldError } from '../server/google-errors';

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function snakeCase(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The object with snake_case names; a name outside `known` is the front end's 400. */
export function readMessage(value: unknown, known: readonly string[], path: string): Json {
	if (value === undefined) return {};
	if (!isJson(value)) {
		throw fieldError(
			path,
			`Invalid value at '${path}', ${JSON.stringify(value)}: expected an object.`,
		);
	}
	const out: Json = {};
	for (const [name, child] of Object.entries(value)) {
		const key = snakeCase(name);
		if (!known.includes(key)) {
			const where = path ? ` at '${path}'` : '';
			const message = `Invalid JSON payload received. Unknown name "${name}"${where}: Cannot find field.`;
			throw path ? fieldError(path, message) : badRequest(message, [{ description: message }]);
		}
		if (child !== null && child !== undefined) out[key] = child;
	}
	return out;
}
