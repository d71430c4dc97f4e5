/** The Gemini API simulator: start it, point the SDK's baseUrl at `url`, assert on `requests`. */
export { startSimulator } from './server';
export type { ApiKeySource, RecordedRequest, Simulator, SimulatorOptions } from './types';
export { expectedPixelSize, type PixelSize } from './pixel-sizes';
export { createTestJpeg, createTestPng } from './image-encode';
export { MARKER_NAMES } from './markers';
export {
	GOOGLE_RETIRED_MODELS,
	MODELS,
	STANDARD_RATIOS,
	EXTREME_RATIOS,
	type ModelSpec,
} from './model-table';
export { shareUndiciDispatcher } from './undici-dispatcher';
