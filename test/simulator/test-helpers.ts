/** Shared by the simulator's own tests. */
import { GoogleGenAI } from '@google/genai';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Simulator } from './types';

export function client(sim: Simulator, apiVersion: 'v1beta' | 'v1' = 'v1beta'): GoogleGenAI {
	return new GoogleGenAI({ apiKey: sim.apiKey, httpOptions: { baseUrl: sim.url, apiVersion } });
}

export interface JsonAnswer {
	status: number;
	headers: Headers;
	body: any;
}

/** POSTs JSON with the right key unless `key` says otherwise (null: no key at all). */
export async function post(
	sim: Simulator,
	path: string,
	body: unknown,
	key: string | null = sim.apiKey,
): Promise<JsonAnswer> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers['x-goog-api-key'] = key;
	const response = await fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

export async function get(
	sim: Simulator,
	path: string,
	key: string | null = sim.apiKey,
): Promise<JsonAnswer> {
	const headers: Record<string, string> = {};
	if (key !== null) headers['x-goog-api-key'] = key;
	const response = await fetch(`${sim.url}${path}`, { headers });
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

export function generate(sim: Simulator, model: string, body: unknown): Promise<JsonAnswer> {
	return post(sim, `/v1beta/models/${model}:generateContent`, body);
}

export function prompt(text: string, generationConfig?: unknown): Record<string, unknown> {
	const body: Record<string, unknown> = { contents: [{ role: 'user', parts: [{ text }] }] };
	if (generationConfig) body.generationConfig = generationConfig;
	return body;
}

/** An answer image decoded by its type: width, height and RGBA pixels. */
export function decodeAnswer(image: { mimeType: string; data: string }): {
	width: number;
	height: number;
	data: Buffer;
} {
	const bytes = Buffer.from(image.data, 'base64');
	if (image.mimeType === 'image/jpeg') {
		const decoded = jpeg.decode(bytes, { maxMemoryUsageInMB: 1024 });
		return { width: decoded.width, height: decoded.height, data: Buffer.from(decoded.data) };
	}
	return PNG.sync.read(bytes);
}

export function decodePng(base64: string): PNG {
	return PNG.sync.read(Buffer.from(base64, 'base64'));
}

/** The answer image: the last inlineData part that is not a thought. */
export function answerImage(body: any): { mimeType: string; data: string } | undefined {
	const parts: any[] = body?.candidates?.[0]?.content?.parts ?? [];
	return parts.filter((p) => p.inlineData && p.thought !== true).pop()?.inlineData;
}

/** Request options that keep the SDK's own retries off, so a test sees each answer as sent. */
export const NO_RETRIES = { retries: { strategy: 'none' } } as any;

/** POSTs an Interactions API create body as the SDK sends it (snake_case), without the SDK. */
export function createInteraction(sim: Simulator, body: unknown): Promise<JsonAnswer> {
	return post(sim, '/v1beta/interactions', body);
}

/** The answer image of an interaction: the image content of its model_output step. */
export function interactionImage(body: any): { mimeType: string; data: string } | undefined {
	const output = (body?.steps ?? []).find((s: any) => s.type === 'model_output');
	const image = (output?.content ?? []).find((c: any) => c.type === 'image');
	return image ? { mimeType: image.mime_type, data: image.data } : undefined;
}
