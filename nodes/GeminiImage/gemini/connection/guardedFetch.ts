import { EndpointError, megabytes, showableUrl } from './endpointError';

/**
 * Every request to the endpoint goes through here, so that whatever answers at the Base URL
 * (a gateway, a proxy, a broken or hostile server) cannot take the key elsewhere or flood the
 * process: no request leaves for another origin, redirects are refused rather than followed,
 * and bodies are read within a size bound, once.
 */
export interface FetchGuard {
	/** The only origin requests may go to: the Base URL's. */
	origin: string;
	/** The largest successful body read; a real 4K answer is under 10 MB. */
	maxResponseBytes: number;
	/** Stops every request in flight and every body being read (the execution's Stop). */
	stop?: AbortSignal;
}

/** Far above any real answer (a 4K image with its thought signature is about 8 MB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** An error body is read this far; its text is cut shorter still for messages. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A successful answer read once: `json()` gives the copy already parsed (or parses the text),
 * `text()` the text (the Interactions client parses it itself). The text is let go once read,
 * so a large answer is not held twice.
 */
function readOnceResponse(text: string, init: ResponseInit, parsed?: unknown): Response {
	const response = new Response(null, init);
	let held: string | undefined = text;
	const take = () => {
		const taken = held ?? '';
		held = undefined;
		return taken;
	};
	Object.defineProperty(response, 'text', { value: () => Promise.resolve(take()) });
	Object.defineProperty(response, 'json', {
		value: async () => {
			const taken = take();
			return parsed !== undefined ? parsed : JSON.parse(taken);
		},
	});
	return response;
}

/** Reads a body up to `limit` bytes; past it, `over()` decides: an error, or a cut. */
async function readBounded(
	body: ReadableStream<Uint8Array>,
	limit: number,
	over: () => Error | undefined,
): Promise<{ bytes: Buffer; cut: boolean }> {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return { bytes: Buffer.concat(chunks, size), cut: false };
		if (size + value.byteLength > limit) {
			await reader.cancel().catch(() => undefined);
			const error = over();
			if (error) throw error;
			chunks.push(value.subarray(0, limit - size));
			return { bytes: Buffer.concat(chunks, limit), cut: true };
		}
		chunks.push(value);
		size += value.byteLength;
	}
}

function requestUrl(input: Parameters<typeof fetch>[0]): string {
	if (typeof input === 'string') return input;
	return input instanceof URL ? input.href : input.url;
}

function combinedSignal(own: AbortSignal | null | undefined, stop: AbortSignal | undefined) {
	if (!stop) return own ?? undefined;
	return own ? AbortSignal.any([own, stop]) : stop;
}

function refuseRedirect(response: Response, url: string): EndpointError {
	let target = 'nowhere it named';
	try {
		const location = response.headers.get('location');
		if (location) target = showableUrl(new URL(location, url).href);
	} catch {
		target = 'an address that is not a URL';
	}
	return new EndpointError(
		`the endpoint answered HTTP ${response.status} with a redirect to ${target}; redirects are not followed, so nothing (the API key included) was sent there`,
		'Set the Base URL to the address that really serves the API, if you trust it.',
	);
}

/** A non-OK answer with its body cut to a bound, as text where it was cut. */
async function boundedError(response: Response): Promise<Response> {
	const init = { status: response.status, statusText: response.statusText };
	if (!response.body) return new Response(null, { ...init, headers: response.headers });
	const { bytes, cut } = await readBounded(response.body, MAX_ERROR_BODY_BYTES, () => undefined);
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	headers.delete('content-encoding');
	// A JSON body cut short is no longer JSON: it goes on as text, the status kept.
	if (cut) headers.set('content-type', 'text/plain');
	return new Response(bytes.toString('utf8') + (cut ? '…' : ''), { ...init, headers });
}

async function boundedSuccess(
	response: Response,
	limit: number,
	onJson?: (body: unknown) => void,
): Promise<Response> {
	const init = {
		status: response.status,
		statusText: response.statusText,
		headers: response.headers,
	};
	if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
	const tooLarge = () =>
		new EndpointError(
			`the answer is larger than ${megabytes(limit)}, the most the node reads; it was not read`,
			'A real answer is under 10 MB even at 4K: check that the Base URL points at the Gemini API or a gateway that passes it through unchanged.',
		);
	const declared = Number(response.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		await response.body.cancel().catch(() => undefined);
		throw tooLarge();
	}
	const text = (await readBounded(response.body, limit, tooLarge)).bytes.toString('utf8');
	if (!onJson) return readOnceResponse(text, init);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON (an empty upload answer, a proxy's page): the SDK reads it as it would.
		return new Response(text, init);
	}
	onJson(parsed);
	return readOnceResponse(text, init, parsed);
}

/** A fetch for the SDK that keeps to the guard; `onJson` sees each parsed successful body. */
export function guardedFetch(guard: FetchGuard, onJson?: (body: unknown) => void): typeof fetch {
	return async (input, init) => {
		const url = requestUrl(input);
		const origin = new URL(url).origin;
		if (origin !== guard.origin) {
			throw new EndpointError(
				`a request was about to go to ${showableUrl(url)}, which is not at the Base URL (${guard.origin}); it was not sent`,
				'The endpoint named another host for the next request. Set the Base URL to the address that really serves the API, if you trust it.',
			);
		}
		// The Interactions client hands over a Request, whose own signal holds its timeout.
		const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
		const signal = combinedSignal(own, guard.stop);
		const response = await fetch(input, { ...init, redirect: 'manual', signal });
		if (response.status >= 300 && response.status < 400) {
			await response.body?.cancel().catch(() => undefined);
			throw refuseRedirect(response, url);
		}
		if (!response.ok) return boundedError(response);
		return boundedSuccess(response, guard.maxResponseBytes, onJson);
	};
}
