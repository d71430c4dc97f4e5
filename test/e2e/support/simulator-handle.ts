/** Where the global setup leaves the running simulator for the global teardown. */
export const SIMULATOR_HANDLE = '__geminiImageE2eSimulator';
