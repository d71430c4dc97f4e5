/** Google's two ways to a Gemini image model. */
export type GeminiApi = 'interactions' | 'generateContent';

export function isGeminiApi(value: unknown): value is GeminiApi {
	return value === 'interactions' || value === 'generateContent';
}
