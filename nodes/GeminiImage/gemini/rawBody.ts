/**
 * @google/genai 3.1 drops `finishMessage` from the candidates it returns, and with it the
 * model's own words on why no image came back. This keeps a second view of a successful
 * response body (a tee of the same chunks, no re-encoding) so the dropped fields can be read
 * back when, and only when, an answer has no image.
 */
export interface BodyCapture {
	fetch: typeof fetch;
	/** The parsed body of the last successful response, if one was captured. */
	read(): Promise<unknown>;
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
	const chunks: Uint8Array[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return chunks;
		chunks.push(value);
	}
}

export function captureBody(baseFetch: typeof fetch = fetch): BodyCapture {
	let captured: Promise<Uint8Array[]> | undefined;
	return {
		fetch: async (input, init) => {
			const response = await baseFetch(input, init);
			if (!response.ok || !response.body) return response;
			const [forSdk, forCapture] = response.body.tee();
			captured = drain(forCapture).catch(() => []);
			return new Response(forSdk, {
				status: response.status,
				statusText: response.statusText,
				headers: response.headers,
			});
		},
		async read() {
			const chunks = await captured;
			if (!chunks?.length) return undefined;
			try {
				return JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				return undefined;
			}
		},
	};
}
