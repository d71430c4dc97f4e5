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

const MARKER = /\[sim:([a-z0-9-]+)(?:=([^\]]*))?\]/g;
const DEFAULT_RETRY_MS = 15000;
const DEFAULT_SLOW_MS = 2000;

function unknownMarker(text: string): Error {
	return badRequest(
		`Unknown simulator marker ${text}. Known markers: ${[...MARKERS.keys()]
			.map((m) => `[sim:${m}]`)
			.join(' ')}`,
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

type Apply = (scenario: Scenario, value: string | undefined, marker: string) => void;

const finish =
	(name: FinishScenario): Apply =>
	(scenario) => {
		scenario.finish = name;
	};
const block =
	(name: BlockScenario): Apply =>
	(scenario) => {
		scenario.block = name;
	};
/** `[sim:finish=REASON]` and `[sim:block=REASON]`: any reason, as Google would name it. */
const reason =
	(field: 'finishReason' | 'blockReason'): Apply =>
	(scenario, value, marker) => {
		if (!/^[A-Za-z_]+$/.test(value ?? '')) throw unknownMarker(marker);
		scenario[field] = value;
	};
const status =
	(code: Exclude<ErrorStatus, 429>): Apply =>
	(scenario) => {
		scenario.error = { status: code, retryMs: 0 };
	};
const flag =
	(name: 'quotaZero' | 'jpeg' | 'drop' | 'truncate' | 'malformed'): Apply =>
	(scenario) => {
		scenario[name] = true;
	};

/** What each marker does to the scenario, in the order the "Unknown marker" answer lists them. */
const MARKERS = new Map<string, Apply>([
	['refusal', finish('refusal')],
	['prohibited', finish('prohibited')],
	['no-image', finish('no-image')],
	['image-other', finish('image-other')],
	['text-only', finish('text-only')],
	['blocked', block('blocked')],
	['blocked-safety', block('blocked-safety')],
	['finish', reason('finishReason')],
	['block', reason('blockReason')],
	['400', status(400)],
	['401', status(401)],
	['408', status(408)],
	[
		'429',
		(scenario, value, marker) => {
			const retryMs = value === undefined ? DEFAULT_RETRY_MS : parseDelay(value, 's', marker);
			scenario.error = { status: 429, retryMs };
		},
	],
	['quota-zero', flag('quotaZero')],
	['500', status(500)],
	['502', status(502)],
	['503', status(503)],
	['504', status(504)],
	[
		'slow',
		(scenario, value, marker) => {
			scenario.slowMs = value === undefined ? DEFAULT_SLOW_MS : parseDelay(value, 'ms', marker);
		},
	],
	['jpeg', flag('jpeg')],
	[
		'fail-first',
		(scenario, value, marker) => {
			const parts = /^(\d+)(?::(.+))?$/.exec(value ?? '');
			if (!parts) throw unknownMarker(marker);
			const fault = parseFault(parts[2], marker);
			scenario.failFirst = { count: Number(parts[1]), fault, spec: parts[2] ?? '503' };
		},
	],
	['drop', flag('drop')],
	['truncate', flag('truncate')],
	['malformed', flag('malformed')],
]);

export function parseScenario(text: string): Scenario {
	const scenario: Scenario = {
		quotaZero: false,
		slowMs: 0,
		jpeg: false,
		drop: false,
		truncate: false,
		malformed: false,
	};
	for (const [marker, name, value] of text.matchAll(MARKER)) {
		const apply = MARKERS.get(name);
		if (!apply) throw unknownMarker(marker);
		apply(scenario, value, marker);
	}
	return scenario;
}

/** The prompt without markers, for the words the simulator echoes back. */
export function stripMarkers(text: string): string {
	return text.replace(MARKER, '').replace(/\s+/g, ' ').trim();
}
