/** Public types of the Gemini API simulator. */

export interface SimulatorOptions {
	/** 0 (the default) lets the system choose a free port. */
	port?: number;
	/** Interface to bind; 127.0.0.1 unless a container must reach the simulator. */
	host?: string;
	/** The only key the simulator accepts. Default 'simulator-key'. */
	apiKey?: string;
	/** Fixed delay added to every generateContent call, in milliseconds. Default 0. */
	latencyMs?: number;
	/**
	 * Model ids answered with Google's 404 "not found" and left out of the model list. Default:
	 * the ids Google has shut down (GOOGLE_RETIRED_MODELS); [] serves them all, as a gateway or
	 * Vertex AI still serving them would.
	 */
	retiredModels?: readonly string[];
	/**
	 * Size of the thought signature on an image part, in bytes beyond its 40-byte core. Default
	 * 448,000 (597,336 base64 characters), as live answers carry; set it small where a test is
	 * about something else.
	 */
	signatureBytes?: number;
	/**
	 * How long a stored interaction (Interactions API) can be read and continued, in milliseconds.
	 * Default 55 days, Google's retention on the paid tier (the free tier keeps them 1 day).
	 */
	interactionRetentionMs?: number;
	/** How long a background interaction stays "in_progress", in milliseconds. Default 1500. */
	interactionBackgroundMs?: number;
	/** How long a Batch API job stays BATCH_STATE_PENDING, in milliseconds. Default 1000. */
	batchPendingMs?: number;
	/**
	 * How long a batch job then stays BATCH_STATE_RUNNING before it SUCCEEDED, in milliseconds, plus
	 * the longest [sim:slow] among its requests (and until its answers are drawn). Default 2000.
	 */
	batchRunMs?: number;
	/**
	 * A batches.get or batches.list body (inline answers come twice in it) past this many bytes
	 * answers 504, as live ones with about 150 inline 2K images did. Default 512 MiB.
	 */
	batchInlineGetLimitBytes?: number;
	/**
	 * A quota per API key and model: at most `requests` generateContent, streamGenerateContent and
	 * Interactions creates per model in any rolling window of `windowMs`, then Google's 429
	 * (generate_requests_per_model). Default none (unlimited); /__simulator/quota changes it.
	 */
	quota?: { requests: number; windowMs: number };
	/**
	 * Vertex AI: how long an access token from POST /token lasts (its expires_in), in seconds.
	 * Default 3600, as Google's.
	 */
	vertexTokenLifetimeSeconds?: number;
	/**
	 * Vertex AI express-mode API keys the simulator accepts, each with its project:
	 * {'my-express-key': 'my-project'}. Default none; POST /__simulator/vertex/express-keys adds more.
	 */
	vertexExpressKeys?: Readonly<Record<string, string>>;
}

export type ApiKeySource = 'header' | 'query' | 'none';

export interface RecordedRequest {
	method: string;
	path: string;
	apiVersion?: string;
	model?: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, string>;
	/** Parsed JSON, or undefined for bodiless and binary (upload) requests. */
	body: unknown;
	/** Raw body length, so tests can assert on payload growth without keeping the bytes. */
	bodyBytes: number;
	/** The status answered; 0 while in flight, and when no answer was sent (dropped or aborted). */
	status: number;
	receivedAt: number;
	/** Where the API key came from; tests assert that clients never put it in the URL. */
	apiKeySource: ApiKeySource;
	/** True when the client went away before the simulator answered. */
	clientAborted?: boolean;
	/** Vertex AI paths: the project and location called (express mode: the key's project, global). */
	project?: string;
	location?: string;
	/** Vertex AI: the service account of the bearer token, or that a token request names (iss). */
	serviceAccount?: string;
}

export interface Simulator {
	/** http://HOST:PORT, no trailing slash. */
	url: string;
	apiKey: string;
	requests: RecordedRequest[];
	/** Clears recorded requests, the per-prompt failure counters and the quota's counts. */
	reset(): void;
	close(): Promise<void>;
}
