import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { PNG } from 'pngjs';
import { imageSize } from 'image-size';

import { GeminiImageApi } from '../../credentials/GeminiImageApi.credentials';
import { GeminiImage } from '../../nodes/GeminiImage/GeminiImage.node';
import type { BinaryMode, InputItem, RunResult } from '../harness';
import { runNode } from '../harness';
import type { Simulator } from '../simulator';
import { startSimulator } from '../simulator';

/** One simulator per test file, started before the tests and closed after. */
export function useSimulator(): () => Simulator {
	let simulator: Simulator | undefined;
	beforeAll(async () => {
		simulator = await startSimulator();
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
	});
}

export const model = (value: string) => ({ __rl: true, mode: 'id', value });

/** The generateContent requests the simulator received, bodies parsed. */
export function generateRequests(simulator: Simulator) {
	return simulator.requests.filter((request) => request.path.endsWith(':generateContent'));
}

export function requestBody(simulator: Simulator, index = 0): IDataObject {
	return generateRequests(simulator)[index].body as IDataObject;
}

/** The real pixel size and type of an output image, read from its bytes as the next node gets them. */
export async function imageOf(result: RunResult, item: INodeExecutionData, property = 'data') {
	const bytes = await result.readBinary(item, property);
	const { width, height, type } = imageSize(bytes);
	return { bytes, width, height, type };
}

export function pngBytes(width: number, height: number): Buffer {
	const png = new PNG({ width, height });
	for (let i = 0; i < png.data.length; i += 4) {
		png.data[i] = (i / 4) % 256;
		png.data[i + 1] = 120;
		png.data[i + 2] = 200;
		png.data[i + 3] = 255;
	}
	return PNG.sync.write(png);
}

/** A loopback port nothing listens on: opened, read and closed again. */
export function closedPort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
