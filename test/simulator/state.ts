/** Mutable state shared by the handlers of one simulator instance. */
import { FileStore } from './file-store';
import type { RecordedRequest } from './types';

export interface SimulatorState {
	apiKey: string;
	latencyMs: number;
	requests: RecordedRequest[];
	/** Requests seen per fail-first marker and prompt text. */
	failCounters: Map<string, number>;
	files: FileStore;
	/** Model ids answered with Google's 404 and left out of the list. */
	retiredModels: ReadonlySet<string>;
	imageSignatureBytes: number;
}

export function createState(
	apiKey: string,
	latencyMs: number,
	retiredModels: readonly string[],
	imageSignatureBytes: number,
): SimulatorState {
	return {
		apiKey,
		latencyMs,
		requests: [],
		failCounters: new Map(),
		files: new FileStore(),
		retiredModels: new Set(retiredModels),
		imageSignatureBytes,
	};
}
