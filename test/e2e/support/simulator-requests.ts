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
