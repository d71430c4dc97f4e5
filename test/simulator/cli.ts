/**
 * Runs the simulator as a program, for manual testing and for suites that start it in a separate
 * process (`--help` lists the options; each also has a SIMULATOR_* environment variable). The
 * first stdout line is stable and machine-read:
 *   Gemini API simulator listening on http://127.0.0.1:PORT (API key: KEY)
 */
import { parseQuotaOption } from './quota/quota';
import { startSimulator } from './server/server';
import type { SimulatorOptions } from './types';
import { DEFAULT_VERTEX_PROJECT } from './vertex/store';

/** How an option's text becomes its value; it throws a message naming the option. */
type Reader = (value: string, name: string, current: SimulatorOptions) => unknown;

const ids = (value: string) =>
	value
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);

const wholeNumber: Reader = (value, name) => {
	const number = Number(value);
	if (value === '' || !Number.isInteger(number) || number < 0) {
		throw new Error(`${name} needs a whole number, got ${value || 'nothing'}.`);
	}
	return number;
};

const text: Reader = (value, name) => {
	if (!value) throw new Error(`${name} needs a value.`);
	return value;
};

/** 'KEY' or 'KEY:PROJECT', Vertex AI express keys, added to those already given. */
const expressKeys: Reader = (value, name, current) => {
	if (!value) throw new Error(`${name} needs KEY or KEY:PROJECT.`);
	const keys = { ...current.vertexExpressKeys };
	for (const entry of ids(value)) {
		const colon = entry.lastIndexOf(':');
		const [key, project] =
			colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [entry, DEFAULT_VERTEX_PROJECT];
		if (!key || !project) throw new Error(`An express key is KEY or KEY:PROJECT, not ${entry}.`);
		keys[key] = project;
	}
	return keys;
};

/** Each option once: flag, what it takes (as --help shows it), environment variable, option, reader. */
const OPTIONS: Array<[string, string, string, keyof SimulatorOptions, Reader]> = [
	['--port', 'N', 'SIMULATOR_PORT', 'port', wholeNumber],
	['--key', 'K', 'SIMULATOR_API_KEY', 'apiKey', text],
	['--latency', 'MS', 'SIMULATOR_LATENCY_MS', 'latencyMs', wholeNumber],
	['--host', 'H', 'SIMULATOR_HOST', 'host', text],
	['--signature-bytes', 'N', 'SIMULATOR_SIGNATURE_BYTES', 'signatureBytes', wholeNumber],
	[
		'--interaction-retention',
		'MS',
		'SIMULATOR_INTERACTION_RETENTION_MS',
		'interactionRetentionMs',
		wholeNumber,
	],
	['--background', 'MS', 'SIMULATOR_BACKGROUND_MS', 'interactionBackgroundMs', wholeNumber],
	['--batch-pending', 'MS', 'SIMULATOR_BATCH_PENDING_MS', 'batchPendingMs', wholeNumber],
	['--batch-run', 'MS', 'SIMULATOR_BATCH_RUN_MS', 'batchRunMs', wholeNumber],
	['--quota', 'N/MS', 'SIMULATOR_QUOTA', 'quota', (value, name) => parseQuotaOption(name, value)],
	['--retired', 'ID,ID', 'SIMULATOR_RETIRED_MODELS', 'retiredModels', ids],
	[
		'--token-lifetime',
		'S',
		'SIMULATOR_VERTEX_TOKEN_LIFETIME',
		'vertexTokenLifetimeSeconds',
		wholeNumber,
	],
	[
		'--express-key',
		'KEY[:PROJECT]',
		'SIMULATOR_VERTEX_EXPRESS_KEYS',
		'vertexExpressKeys',
		expressKeys,
	],
];

const USAGE = `Usage: tsx test/simulator/cli.ts ${OPTIONS.map(([flag, takes]) => `[${flag} ${takes}]`).join(' ')}
Environment: ${OPTIONS.map(([, , env]) => env).join(', ')}`;

function read(
	options: SimulatorOptions,
	option: (typeof OPTIONS)[number],
	value: string,
	name: string,
) {
	try {
		Object.assign(options, { [option[3]]: option[4](value, name, options) });
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${USAGE}`);
	}
}

/** The environment first, then the flags (`--port 8787` or `--port=8787`), which win. */
function parseArguments(argv: string[], env: NodeJS.ProcessEnv): SimulatorOptions {
	const options: SimulatorOptions = {
		port: 0,
		apiKey: 'simulator-key',
		latencyMs: 0,
		host: '127.0.0.1',
	};
	for (const option of OPTIONS) {
		const value = env[option[2]];
		// An empty list of retired models is a choice (serve them all); other empty values are unset.
		if (value || (value === '' && option[3] === 'retiredModels'))
			read(options, option, value, option[2]);
	}
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		}
		const option = OPTIONS.find(([candidate]) => candidate === flag);
		if (!option) throw new Error(`Unknown option ${argv[i]}.\n${USAGE}`);
		read(options, option, inline ?? argv[++i] ?? '', flag);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2), process.env);
	const simulator = await startSimulator(options);
	const { url, apiKey } = simulator;
	// Stop cleanly on a signal that comes as soon as the first line is read.
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		simulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const express = Object.keys(options.vertexExpressKeys ?? {});
	console.log(
		[
			`Gemini API simulator listening on ${url} (API key: ${apiKey})`,
			`In n8n, set the Gemini Image credential's Base URL to ${url} and its API key to ${apiKey}.`,
			`From n8n in Docker, start with --host 0.0.0.0 and use http://host.docker.internal:${new URL(url).port} as the Base URL.`,
			'Put markers such as [sim:refusal], [sim:429] or [sim:slow=2000] in a prompt to choose a scenario.',
			`Vertex AI: base URL ${url}, tokens from ${url}/token (service accounts: POST /__simulator/vertex/service-accounts)${express.length > 0 ? `, express keys: ${express.join(', ')}` : ''}.`,
			'Recorded requests: GET /__simulator/requests. Press Ctrl+C to stop.',
		].join('\n'),
	);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(2);
});
