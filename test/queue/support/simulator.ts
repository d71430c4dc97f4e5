import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../../scripts/n8n/package-tarball';
import type { GroupProcess, ProcessGroups } from '../../../scripts/queue/process-groups';
import type { RecordedRequest } from '../../simulator';

export interface StartedSimulator {
	baseUrl: string;
	apiKey: string;
	process: GroupProcess;
}

const READY_LINE = /listening on (http:\/\/[^\s]+) \(API key: ([^)]+)\)/;

/**
 * The Gemini API simulator as a program (`test/simulator/cli.ts`) with a fixed delay per
 * generateContent, in its own process group; it picks a free port and names it on its first line.
 */
export async function startSimulator(
	groups: ProcessGroups,
	latencyMs: number,
	logFile: string,
): Promise<StartedSimulator> {
	const simulator = groups.spawn(
		'simulator',
		join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
		[join(REPO_ROOT, 'test', 'simulator', 'cli.ts'), '--port', '0', '--latency', String(latencyMs)],
		{ cwd: REPO_ROOT, env: process.env, logFile },
	);
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const match = READY_LINE.exec(readFileSync(logFile, 'utf8'));
		if (match) return { baseUrl: match[1], apiKey: match[2], process: simulator };
		if (!simulator.running) break;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await simulator.stop('SIGTERM', 2_000);
	throw new Error(`The simulator did not start:\n${readFileSync(logFile, 'utf8')}`);
}

/** What the simulator received (API keys redacted, image bytes replaced by their length). */
export async function simulatorRequests(baseUrl: string): Promise<RecordedRequest[]> {
	const response = await fetch(`${baseUrl}/__simulator/requests?omitData=1`);
	if (!response.ok) throw new Error(`The simulator answered ${response.status}`);
	return (await response.json()) as RecordedRequest[];
}

interface RequestBody {
	contents?: Array<{ role?: string; parts?: Array<Record<string, unknown>> }>;
}

export function contentsOf(request: RecordedRequest): NonNullable<RequestBody['contents']> {
	return (request.body as RequestBody | undefined)?.contents ?? [];
}

/** The text of the last user turn of a generateContent request. */
export function promptOf(request: RecordedRequest): string {
	const turns = contentsOf(request);
	const parts = turns[turns.length - 1]?.parts ?? [];
	return parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}

export function isGenerateContent(request: RecordedRequest): boolean {
	return request.path.endsWith(':generateContent');
}
