import type { RecordedRequest } from '../../simulator';
import type { E2eState } from './state';

/** What the simulator received so far (API keys redacted, image bytes left out). */
export async function simulatorRequests(state: E2eState): Promise<RecordedRequest[]> {
	const response = await fetch(`${state.simulator.baseUrl}/__simulator/requests?omitData=1`);
	if (!response.ok) throw new Error(`The simulator answered ${response.status}`);
	return (await response.json()) as RecordedRequest[];
}

/** The text of the last user turn of a generateContent request. */
export function promptOf(request: RecordedRequest): string {
	const body = request.body as {
		contents?: Array<{ role?: string; parts?: Array<{ text?: string }> }>;
	};
	const turns = body?.contents ?? [];
	const parts = turns[turns.length - 1]?.parts ?? [];
	return parts.map((part) => part.text ?? '').join('');
}

export interface SentContent {
	role?: string;
	parts: Array<{
		text?: string;
		thoughtSignature?: string;
		inlineData?: { mimeType: string; data: string };
		fileData?: { mimeType: string; fileUri: string };
	}>;
}

/** The `contents` of a generateContent request (image data as "[N base64 characters]"). */
export function contentsOf(request: RecordedRequest): SentContent[] {
	return (request.body as { contents?: SentContent[] })?.contents ?? [];
}

/**
 * The generateContent requests whose last user turn starts with the text `prompt` (Compose adds
 * an introduction per image after it), in the order received.
 */
export async function requestsWithPrompt(
	state: E2eState,
	prompt: string,
): Promise<RecordedRequest[]> {
	return (await simulatorRequests(state)).filter(
		(request) =>
			request.path.endsWith(':generateContent') &&
			contentsOf(request).at(-1)?.parts[0]?.text === prompt,
	);
}

/** How the simulator lists inline image data of `bytes` bytes when asked to omit data. */
export function omittedData(bytes: number): string {
	return `[${Math.ceil(bytes / 3) * 4} base64 characters]`;
}
