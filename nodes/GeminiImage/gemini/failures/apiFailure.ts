/** What went wrong on the way to Google, as data: the n8n edge words it for the user. */
export type FailureKind =
	'api' | 'network' | 'unreadable' | 'timeout' | 'aborted' | 'endpoint' | 'upload' | 'auth';

export interface ApiFailure {
	kind: FailureKind;
	httpStatus?: number;
	/** Google's status word, e.g. RESOURCE_EXHAUSTED. */
	googleStatus?: string;
	/** Google's own message (or the network error's), with any secret removed. */
	message: string;
	/** ErrorInfo.reason, e.g. API_KEY_INVALID. */
	reason?: string;
	/** RetryInfo.retryDelay, in seconds. */
	retryDelaySeconds?: number;
	/** A 429 whose quota is zero: retrying cannot help. */
	quotaIsZero: boolean;
	retryable: boolean;
	hint: string;
	/** Who answered, for messages: the Gemini API unless set (Vertex AI). */
	service?: string;
}
