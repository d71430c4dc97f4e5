/**
 * Scenario markers: text like "[sim:refusal]" in the last user turn picks how the simulator answers
 * that one request, so a test (or a real n8n workflow, item by item) can steer it through the
 * prompt alone. Markers combine: "[sim:slow=500][sim:jpeg]".
 */
import { badRequest, type MarkerStatus } from '../server/google-errors';

export type FinishScenario = 'refusal' | 'prohibited' | 'no-image' | 'image-other' | 'text-only';
export type BlockScenario = 'blocked' | 'blocked-safety';
/** The statuses fail-first can answer with: those a client may retry. */
export type FailureStatus = Exclude<MarkerStatus, 400 | 401>;
export type ErrorStatus = MarkerStatus;

/** What a request that fail-first picks gets instead of its answer. */
export type Fault =
	| { kind: 'status'; status: FailureStatus; retryMs: number }
	| { kind: 'drop' }
	| { kind: 'truncate' }
	| { kind: 'malformed' }
	| { kind: 'slow'; ms: number };

export interface Scenario {
	finish?: FinishScenario;
	block?: BlockScenario;
	/** `[sim:finish=REASON]`: an answer without content that finishes with this reason, as written. */
	finishReason?: string;
	/** `[sim:block=REASON]`: a blocked prompt with this reason, as written (Interactions: lowercase). */
	blockReason?: string;
	/** An error answer: status, and for 429 the RetryInfo delay. */
	error?: { status: ErrorStatus; retryMs: number };
	quotaZero: boolean;
	slowMs: number;
	jpeg: boolean;
	/** The first `count` requests with this prompt get `fault`; `spec` is the marker's own text. */
	failFirst?: { count: number; fault: Fault; spec: string };
	drop: boolean;
	truncate: boolean;
	malformed: boolean;
}

export const MARKER_NAMES = [
	'refusal',
	'prohibited',
	'no-image',
	'image-other',
	'text-only',
	'blocked',
	'blocked-safety',
	'finish',
	'block',
	'400',
	'401',
	'408',
	'429',
	'quota-zero',
	'500',
	'502',
	'503',
	'504',
	'slow',
	'jpeg',
	'fail-first',
	'drop',
	'truncate',
	'malformed',
] as const;

const MARKER = /\[sim:([a-z0-9-]+)(?:=([^\]]*))?\]/g;
const DEFAULT_RETRY_MS = 15000;
const DEFAULT_SLOW_MS = 2000;

function unknownMarker(text: string): Error {
	return badRequest(
		`Unknown simulator marker ${text}. Known markers: ${MARKER_NAMES.map((m) => `[sim:${m}]`).join(' ')}`,
	);
}

/** '3s', '1500ms', or a bare number in the marker's own unit → milliseconds. */
function parseDelay(value: string, bareUnit: 'ms' | 's', marker: string): number {
	const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
	if (!match) throw unknownMarker(marker);
	const amount = Number(match[1]);
	return (match[2] ?? bareUnit) === 'ms' ? amount : amount * 1000;
}

const FAILURE_STATUSES: readonly FailureStatus[] = [408, 429, 500, 502, 503, 504];

function parseStatus(value: string, marker: string): FailureStatus {
	const status = FAILURE_STATUSES.find((candidate) => String(candidate) === value);
	if (status === undefined) throw unknownMarker(marker);
	return status;
}

/** The part of fail-first after the count: a status (429 may carry its delay) or a transport fault. */
function parseFault(spec: string | undefined, marker: string): Fault {
	if (spec === undefined) return { kind: 'status', status: 503, retryMs: 0 };
	const equals = spec.indexOf('=');
	const name = equals < 0 ? spec : spec.slice(0, equals);
	const value = equals < 0 ? undefined : spec.slice(equals + 1);
	switch (name) {
		case 'drop':
		case 'truncate':
		case 'malformed':
			if (value !== undefined) throw unknownMarker(marker);
			return { kind: name };
		case 'slow':
			return {
				kind: 'slow',
				ms: value === undefined ? DEFAULT_SLOW_MS : parseDelay(value, 'ms', marker),
			};
		default: {
			const status = parseStatus(name, marker);
			if (value !== undefined && status !== 429) throw unknownMarker(marker);
			const retryMs =
				status !== 429
					? 0
					: value === undefined
						? DEFAULT_RETRY_MS
						: parseDelay(value, 's', marker);
			return { kind: 'status', status, retryMs };
		}
	}
}

export function parseScenario(text: string): Scenario {
	const scenario: Scenario = {
		quotaZero: false,
		slowMs: 0,
		jpeg: false,
		drop: false,
		truncate: false,
		malformed: false,
	};
	for (const match of text.matchAll(MARKER)) {
		const [marker, name, value] = match;
		switch (name) {
			case 'refusal':
			case 'prohibited':
			case 'no-image':
			case 'image-other':
			case 'text-only':
				scenario.finish = name;
				break;
			case 'blocked':
			case 'blocked-safety':
				scenario.block = name;
				break;
			case 'finish':
			case 'block': {
				if (!/^[A-Za-z_]+$/.test(value ?? '')) throw unknownMarker(marker);
				if (name === 'finish') scenario.finishReason = value;
				else scenario.blockReason = value;
				break;
			}
			case '429':
				scenario.error = {
					status: 429,
					retryMs: value === undefined ? DEFAULT_RETRY_MS : parseDelay(value, 's', marker),
				};
				break;
			case '400':
			case '401':
				scenario.error = { status: name === '400' ? 400 : 401, retryMs: 0 };
				break;
			case 'quota-zero':
				scenario.quotaZero = true;
				break;
			case '408':
			case '500':
			case '502':
			case '503':
			case '504':
				scenario.error = { status: parseStatus(name, marker), retryMs: 0 };
				break;
			case 'slow':
				scenario.slowMs = value === undefined ? DEFAULT_SLOW_MS : parseDelay(value, 'ms', marker);
				break;
			case 'jpeg':
				scenario.jpeg = true;
				break;
			case 'fail-first': {
				const parts = /^(\d+)(?::(.+))?$/.exec(value ?? '');
				if (!parts) throw unknownMarker(marker);
				scenario.failFirst = {
					count: Number(parts[1]),
					fault: parseFault(parts[2], marker),
					spec: parts[2] ?? '503',
				};
				break;
			}
			case 'drop':
				scenario.drop = true;
				break;
			case 'truncate':
				scenario.truncate = true;
				break;
			case 'malformed':
				scenario.malformed = true;
				break;
			default:
				throw unknownMarker(marker);
		}
	}
	return scenario;
}

/** The prompt without markers, for the words the simulator echoes back. */
export function stripMarkers(text: string): string {
	return text.replace(MARKER, '').replace(/\s+/g, ' ').trim();
}
