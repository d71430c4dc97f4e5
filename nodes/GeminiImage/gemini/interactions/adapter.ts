import type { ApiAdapter } from '../generateContent/adapter';
import { readInteractionContent } from './answer';
import type { InteractionRequest } from './request';
import { buildInteractionRequest } from './request';

/** The Interactions API: Google keeps each exchange; a continuation sends only its new turn. */
export const interactionsAdapter: ApiAdapter<InteractionRequest> = {
	api: 'interactions',
	// Google's Interactions API takes no custom safety settings.
	takesSafetySettings: false,
	buildRequest: (settings, contents, options) =>
		buildInteractionRequest(settings, contents, options),
	send: (client, request) => client.createInteraction(request),
	readContent: readInteractionContent,
};
