/** The Gemini API simulator: start it, point the SDK's baseUrl at `url`, assert on `requests`. */
export { startSimulator } from './server/server';
export type { ApiKeySource, RecordedRequest, Simulator, SimulatorOptions } from './types';
export { expectedPixelSize, type PixelSize } from './models/pixel-sizes';
export { createTestJpeg, createTestPng } from './images/picture';
export {
	GOOGLE_RETIRED_MODELS,
	MODELS,
	STANDARD_RATIOS,
	EXTREME_RATIOS,
	type ModelSpec,
} from './models/table';
export { shareUndiciDispatcher } from './server/undici-dispatcher';
export { FINISH_MESSAGES } from './generate/answer';
export {
	INTERACTION_ERROR_CODES,
	INTERACTION_NOT_FOUND_PATTERN,
	interactionNotFoundMessage,
} from './interactions/errors';
export { DEFAULT_BACKGROUND_MS } from './interactions/background';
export { DEFAULT_INTERACTION_RETENTION_MS, type InteractionSummary } from './interactions/store';
export {
	BATCH_STATES,
	DEFAULT_BATCH_PENDING_MS,
	DEFAULT_BATCH_RUN_MS,
	type BatchState,
} from './batches/store';
export { INLINE_BATCH_LIMIT_BYTES } from './batches/request';
export { DEFAULT_BATCH_ERROR, type BatchSummary } from './batches/control';
export type { QuotaLimit, QuotaSummary } from './quota/quota';
export {
	createTestServiceAccount,
	deleteServiceAccountKey,
	expireVertexTokens,
	registerExpressKey,
	type ServiceAccountKey,
	type TestServiceAccountOptions,
} from './vertex/service-account';
export {
	CLOUD_PLATFORM_SCOPE,
	DEFAULT_TOKEN_LIFETIME_SECONDS,
	DEFAULT_VERTEX_PROJECT,
} from './vertex/store';
export { VERTEX_REGIONS, vertexLocations } from './vertex/models';
export { PERSON_GENERATION, PROMINENT_PEOPLE } from './vertex/request';
export { OUTPUT_MIME_TYPES } from './images/output';
