/**
 * The backend a client talks to, from the credential only (never from the environment): the
 * Gemini API with its key; Vertex AI with an express-mode key, or with a service account whose
 * access tokens vertexToken fetches and keeps.
 */
import type { GeminiConnection } from './endpoint';
import type { FetchGuard } from './guardedFetch';
import { guardedFetch } from './guardedFetch';
import { accessTokenFor, CLOUD_PLATFORM_SCOPE, forgetToken } from './vertexToken';

/**
 * The SDK's backend options. A service account's tokens reach the SDK as its auth client, so
 * no Google library reads files or the environment for credentials.
 */
export function backendOptions(connection: GeminiConnection, stop?: AbortSignal) {
	const vertex = connection.vertex;
	if (!vertex) return { vertexai: false, apiKey: connection.apiKey };
	const key = vertex.serviceAccount;
	if (!key) return { vertexai: true, apiKey: connection.apiKey };
	const authClient = {
		getRequestHeaders: async () =>
			new Headers({ authorization: `Bearer ${await accessTokenFor(key, stop)}` }),
	};
	return {
		vertexai: true,
		project: vertex.project,
		location: vertex.location,
		googleAuthOptions: { authClient: authClient as never, scopes: [CLOUD_PLATFORM_SCOPE] },
	};
}

/** The guarded fetch; a 401 with a service account drops its token, so the next call signs in anew. */
export function backendFetch(
	connection: GeminiConnection,
	guard: FetchGuard,
	onJson?: (body: unknown) => void,
): typeof fetch {
	const fetchGuarded = guardedFetch(guard, onJson);
	const serviceAccount = connection.vertex?.serviceAccount;
	if (!serviceAccount) return fetchGuarded;
	return async (input, init) => {
		const response = await fetchGuarded(input, init);
		if (response.status === 401) forgetToken(serviceAccount);
		return response;
	};
}
