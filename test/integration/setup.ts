import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { imageSize } from 'image-size';

import { GeminiImageApi } from '../../credentials/GeminiImageApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import type { BinaryMode, InputItem, RunResult } from '../harness';
import { runNode } from '../harness';
import type { Simulator, SimulatorOptions } from '../simulator';
import { startSimulator } from '../simulator';

/** One simulator per test file, started before the tests and closed after. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
	let simulator: Simulator | undefined;
	beforeAll(async () => {
		simulator = await startSimulator(options);
	});
	afterAll(async () => simulator?.close());
	beforeEach(() => simulator?.reset());
	return () => {
		if (!simulator) throw new Error('simulator not started');
		return simulator;
	};
}

export interface RunOptions {
	input?: InputItem[];
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	credentials?: IDataObject;
	/**
	 * The node version, as a saved workflow pins it. 1.1 unless set: the suites of the
	 * generateContent path; the Interactions suite runs new nodes (1.2).
	 */
	typeVersion?: number;
}

/** Runs the Gemini Image node as n8n would, its credential pointed at the simulator. */
export async function runGeminiImage(
	simulator: Simulator,
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<RunResult> {
	return runNode({
		nodeType: new GeminiImage(),
		parameters,
		credentials: {
			geminiImageApi: {
				type: new GeminiImageApi(),
				data: {
					apiKey: simulator.apiKey,
					baseUrl: simulator.url,
					apiVersion: 'v1beta',
					...options.credentials,
				},
			},
		},
		input: options.input,
		continueOnFail: options.continueOnFail,
		binaryMode: options.binaryMode,
		typeVersion: options.typeVersion ?? 1.1,
	});
}

/** The `error` of an item the node output on Continue On Fail, as the next node reads it. */
export interface ErrorJson {
	message: string;
	description?: string;
	reason: string;
	retryable: boolean;
	httpStatus?: number;
	retryDelaySeconds?: number;
	attempts?: number;
}

export const model = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * The parameters of one operation as a workflow stores them: the prompt, the model (Pro unless
 * given) and whatever else the test sets (`options`, `references` …).
 */
export const parametersOf =
	(operation: string) =>
	(prompt: string, extra: Record<string, unknown> = {}, modelId = 'gemini-3-pro-image') => ({
		operation,
		model: model(modelId),
		prompt,
		...extra,
	});

/** The generateContent requests the simulator received, bodies parsed. */
export function generateRequests(simulator: Simulator) {
	return simulator.requests.filter((request) => request.path.endsWith(':generateContent'));
}

export function requestBody(simulator: Simulator, index = 0): IDataObject {
	return generateRequests(simulator)[index].body as IDataObject;
}

/** The item as the next node receives it: its JSON and every binary property, bytes read back. */
export async function carryOn(result: RunResult, item: INodeExecutionData): Promise<InputItem> {
	const binary: NonNullable<InputItem['binary']> = {};
	for (const [name, data] of Object.entries(item.binary ?? {})) {
		binary[name] = {
			data: await result.readBinary(item, name),
			mimeType: data.mimeType,
			fileName: data.fileName,
		};
	}
	return { json: structuredClone(item.json), binary };
}

/** The real pixel size and type of an output image, read from its bytes as the next node gets them. */
export async function imageOf(result: RunResult, item: INodeExecutionData, property = 'data') {
	const bytes = await result.readBinary(item, property);
	const { width, height, type } = imageSize(bytes);
	return { bytes, width, height, type };
}

/**
 * Input images from the simulator's PNG writer: `pngBytes` a small opaque gradient (RGBA),
 * `noisePng` random RGBA pixels, which do not compress (about width x height x 4 bytes).
 */
export { gradientPng as pngBytes, noisePng } from '../simulator/images/test-pictures';

/** A loopback port nothing listens on: opened, read and closed again. */
export function closedPort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** A 1x1 GIF89a: a real image in a type Gemini no longer takes, so the node converts it. */
export const GIF_BYTES = Buffer.from(
	'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
	'base64',
);

/** A GIF header on a body that is not GIF data: it passes a header check, not a decoder. */
export const BROKEN_GIF = Buffer.concat([GIF_BYTES.subarray(0, 13), Buffer.alloc(64, 0x55)]);

/** An input binary as the harness's input node stores it. */
export const file = (data: Buffer, mimeType: string, fileName?: string) => ({
	data,
	mimeType,
	fileName,
});

/** Requests of the Files API's resumable upload (start, then the bytes). */
export function uploadRequests(simulator: Simulator) {
	return simulator.requests.filter((request) => request.path.startsWith('/upload/v1beta/files'));
}

export type RequestPart = {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	inlineData?: { mimeType: string; data: string };
	fileData?: { fileUri: string; mimeType: string };
};

export type RequestContent = { role: string; parts: RequestPart[] };

export function requestContents(simulator: Simulator, index = 0): RequestContent[] {
	return requestBody(simulator, index).contents as unknown as RequestContent[];
}

export const inline = (bytes: Buffer, mimeType = 'image/png') => ({
	inlineData: { mimeType, data: bytes.toString('base64') },
});

/** Every string in a JSON value, with the key it sits under. */
function stringsOf(value: unknown, key = ''): Array<{ key: string; text: string }> {
	if (typeof value === 'string') return [{ key, text: value }];
	if (Array.isArray(value)) return value.flatMap((entry) => stringsOf(entry, key));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([name, entry]) => stringsOf(entry, name));
	}
	return [];
}

interface StoredPartJson {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	image?: { binaryProperty: string; mimeType: string };
}

export interface ConversationJson {
	version: number;
	model: string;
	turns: Array<{ role: 'user' | 'model'; parts: StoredPartJson[] }>;
}

/**
 * The conversation an item carries on: its turns, read from the JSON file in its `conversation`
 * binary property (the item JSON holds only a reference to it).
 */
export async function conversationOf(
	result: RunResult,
	item: INodeExecutionData,
): Promise<ConversationJson> {
	return JSON.parse((await result.readBinary(item, 'conversation')).toString('utf8'));
}

/** The same, for an item already carried on with its bytes (see carryOn). */
export function carriedConversationOf(item: InputItem): ConversationJson {
	const file = item.binary?.conversation;
	if (!file) throw new Error('the item carries no conversation file');
	return JSON.parse(file.data.toString('utf8'));
}

/**
 * The item carries its conversation as a small reference in its JSON and the turns in a JSON
 * file beside its images, each image a reference to one of its binary properties, never base64:
 * no string of the item JSON passes a few kilobytes, whatever size Google's signatures are.
 */
export async function expectConversationByReference(
	result: RunResult,
	item: INodeExecutionData,
	modelId: string,
): Promise<ConversationJson> {
	const conversation = await conversationOf(result, item);
	expect(item.json.conversation).toEqual({
		version: 2,
		model: modelId,
		binaryProperty: 'conversation',
		turns: conversation.turns.length,
	});
	expect(conversation).toMatchObject({ version: 1, model: modelId });
	expect(conversation.turns.map((turn) => turn.role)).toEqual(
		conversation.turns.map((_, index) => (index % 2 === 0 ? 'user' : 'model')),
	);
	for (const turn of conversation.turns) {
		for (const part of turn.parts) {
			expect(part).not.toHaveProperty('inlineData');
			expect(part).not.toHaveProperty('fileData');
			if (part.image) expect(Object.keys(item.binary ?? {})).toContain(part.image.binaryProperty);
		}
	}
	const long = stringsOf(item.json).filter(({ text }) => text.length > 4096);
	expect(long).toEqual([]);
	expect(Buffer.byteLength(JSON.stringify(item.json))).toBeLessThan(10 * 1024);
	return conversation;
}
