/** Google's two ways to a Gemini image model. */
export type GeminiApi = 'interactions' | 'generateContent';

export const API_CHOICES: ReadonlyArray<{ name: string; value: GeminiApi; description: string }> = [
	{
		name: 'Interactions (Google Keeps the Conversation)',
		value: 'interactions',
		description:
			"Google's recommended API: requests and answers are stored at Google, a conversation is an ID",
	},
	{
		name: 'generateContent (Nothing Stored)',
		value: 'generateContent',
		description:
			'Stateless: Google stores nothing, the conversation travels in the items with its images',
	},
];

export function isGeminiApi(value: unknown): value is GeminiApi {
	return value === 'interactions' || value === 'generateContent';
}
