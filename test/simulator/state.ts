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
}

export function createState(apiKey: string, latencyMs: number): SimulatorState {
	return { apiKey, latencyMs, requests: [], failCounters: new Map(), files: new FileStore() };
}
