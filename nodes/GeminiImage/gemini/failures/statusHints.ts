/** What Google's answers mean to a user: by HTTP status, by ErrorInfo.reason, for a zero quota. */

/** One row per status: what it means to a user, and whether trying again can help. */
export const STATUS_TABLE: Record<number, { retryable: boolean; hint: string }> = {
	400: {
		retryable: false,
		hint: 'Google rejected the request: check the setting named in the message.',
	},
	401: {
		retryable: false,
		hint: 'Check the API key in the Gemini Image API credential.',
	},
	403: {
		retryable: false,
		hint: 'The API key has no access to this model: enable the Generative Language API for its project, or use a key from https://aistudio.google.com/apikey.',
	},
	404: {
		retryable: false,
		hint: "The model id is unknown to this endpoint: pick a model from the list, or check the credential's Base URL and API Version.",
	},
	408: { retryable: true, hint: 'Google timed out: run again.' },
	429: {
		retryable: true,
		hint: 'The quota is used up for now: wait and run again, lower the number of parallel requests, or raise the quota in Google AI Studio.',
	},
	500: { retryable: true, hint: 'Google had an internal error: run again in a moment.' },
	502: { retryable: true, hint: 'Google had a gateway error: run again in a moment.' },
	503: { retryable: true, hint: 'The model is overloaded: run again in a minute.' },
	504: {
		retryable: true,
		hint: 'Google timed out: run again, or ask for a smaller image size.',
	},
};

export const REASON_HINTS: Record<string, string> = {
	API_KEY_INVALID:
		'The API key is not valid: copy it again from https://aistudio.google.com/apikey into the Gemini Image API credential.',
	API_KEY_SERVICE_BLOCKED: 'This API key is restricted from the Generative Language API.',
};

export const QUOTA_ZERO_HINT =
	"The project has no quota for this model (limit: 0). Google's free tier has no image generation: enable billing for the key's project in Google AI Studio.";
