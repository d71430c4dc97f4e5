/** Mutable state shared by the handlers of one simulator instance. */
import { BatchStore } from '../batches/store';
import { FileStore } from '../files/store';
import { InteractionStore } from '../interactions/store';
import { QuotaTracker, type QuotaLimit } from '../quota/quota';
import type { RecordedRequest } from '../types';
import { VertexStore } from '../vertex/store';

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
	/** Interactions API resources; reset() leaves them, so conversations outlive a test's reset. */
	interactions: InteractionStore;
	/** How long a background interaction takes, beyond any [sim:slow] time. */
	backgroundMs: number;
	/** Batch API jobs and their results files; reset() leaves them. */
	batches: BatchStore;
	/** Requests per key and model in a rolling window; reset() clears its counts, not its limits. */
	quota: QuotaTracker;
	/** Vertex AI's service accounts, granted tokens and express keys; reset() leaves them. */
	vertex: VertexStore;
}

export interface StateOptions {
	apiKey: string;
	latencyMs: number;
	retiredModels: readonly string[];
	imageSignatureBytes: number;
	interactionRetentionMs: number;
	backgroundMs: number;
	batchPendingMs: number;
	batchRunMs: number;
	batchInlineGetLimitBytes: number;
	quota?: QuotaLimit;
	vertexTokenLifetimeSeconds: number;
	vertexExpressKeys?: Readonly<Record<string, string>>;
}

export function createState(options: StateOptions): SimulatorState {
	return {
		apiKey: options.apiKey,
		latencyMs: options.latencyMs,
		requests: [],
		failCounters: new Map(),
		files: new FileStore(),
		retiredModels: new Set(options.retiredModels),
		imageSignatureBytes: options.imageSignatureBytes,
		interactions: new InteractionStore(options.interactionRetentionMs),
		backgroundMs: options.backgroundMs,
		batches: new BatchStore(
			options.batchPendingMs,
			options.batchRunMs,
			options.batchInlineGetLimitBytes,
		),
		quota: new QuotaTracker(options.quota),
		vertex: new VertexStore(options.vertexTokenLifetimeSeconds, options.vertexExpressKeys),
	};
}
