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

const idList = (value: string) =>
	value
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);

function numberOption(name: string, value: string): number {
	const number = Number(value);
	if (value === '' || !Number.isInteger(number) || number < 0) {
		throw new Error(`${name} needs a whole number, got ${value || 'nothing'}.\n${USAGE}`);
	}
	return number;
}

/** 'KEY' or 'KEY:PROJECT', Vertex AI express keys. */
function expressKeys(value: string, into: Record<string, string> = {}): Record<string, string> {
	for (const entry of idList(value)) {
		const colon = entry.lastIndexOf(':');
		const [key, project] =
			colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [entry, DEFAULT_VERTEX_PROJECT];
		if (!key || !project)
			throw new Error(`An express key is KEY or KEY:PROJECT, not ${entry}.\n${USAGE}`);
		into[key] = project;
	}
	return into;
}

type Options = SimulatorOptions;

/** Each option once: its flag, its environment variable, and how its text becomes a value. */
const OPTIONS: Array<{
	flag: string;
	/** What the flag takes, as --help shows it. */
	value: string;
	env: string;
	read: (value: string, name: string, options: Options) => void;
}> = [
	{ flag: '--port', value: 'N', env: 'SIMULATOR_PORT', read: number('port') },
	{ flag: '--key', value: 'K', env: 'SIMULATOR_API_KEY', read: text('apiKey') },
	{ flag: '--latency', value: 'MS', env: 'SIMULATOR_LATENCY_MS', read: number('latencyMs') },
	{ flag: '--host', value: 'H', env: 'SIMULATOR_HOST', read: text('host') },
	{
		flag: '--signature-bytes',
		value: 'N',
		env: 'SIMULATOR_SIGNATURE_BYTES',
		read: number('signatureBytes'),
	},
	{
		flag: '--interaction-retention',
		value: 'MS',
		env: 'SIMULATOR_INTERACTION_RETENTION_MS',
		read: number('interactionRetentionMs'),
	},
	{
		flag: '--background',
		value: 'MS',
		env: 'SIMULATOR_BACKGROUND_MS',
		read: number('interactionBackgroundMs'),
	},
	{
		flag: '--batch-pending',
		value: 'MS',
		env: 'SIMULATOR_BATCH_PENDING_MS',
		read: number('batchPendingMs'),
	},
	{ flag: '--batch-run', value: 'MS', env: 'SIMULATOR_BATCH_RUN_MS', read: number('batchRunMs') },
	{
		flag: '--quota',
		value: 'N/MS',
		env: 'SIMULATOR_QUOTA',
		read: (value, name, options) => (options.quota = parseQuotaOption(name, value)),
	},
	{
		flag: '--retired',
		value: 'ID,ID',
		env: 'SIMULATOR_RETIRED_MODELS',
		read: (value, _name, options) => (options.retiredModels = idList(value)),
	},
	{
		flag: '--token-lifetime',
		value: 'S',
		env: 'SIMULATOR_VERTEX_TOKEN_LIFETIME',
		read: number('vertexTokenLifetimeSeconds'),
	},
	{
		flag: '--express-key',
		value: 'KEY[:PROJECT]',
		env: 'SIMULATOR_VERTEX_EXPRESS_KEYS',
		read: (value, name, options) => {
			if (!value) throw new Error(`${name} needs KEY or KEY:PROJECT.\n${USAGE}`);
			options.vertexExpressKeys = expressKeys(value, { ...options.vertexExpressKeys });
		},
	},
];

const USAGE = `Usage: tsx test/simulator/cli.ts ${OPTIONS.map((o) => `[${o.flag} ${o.value}]`).join(' ')}
Environment: ${OPTIONS.map((o) => o.env).join(', ')}`;

function number(key: keyof SimulatorOptions) {
	return (value: string, name: string, options: Options): void => {
		Object.assign(options, { [key]: numberOption(name, value) });
	};
}

function text(key: keyof SimulatorOptions) {
	return (value: string, name: string, options: Options): void => {
		if (!value) throw new Error(`${name} needs a value.\n${USAGE}`);
		Object.assign(options, { [key]: value });
	};
}

/** The environment first, then the flags (`--port 8787` or `--port=8787`), which win. */
function parseArguments(argv: string[], env: NodeJS.ProcessEnv): SimulatorOptions {
	const options: Options = { port: 0, apiKey: 'simulator-key', latencyMs: 0, host: '127.0.0.1' };
	for (const option of OPTIONS) {
		const value = env[option.env];
		// An empty list of retired models is a choice (serve them all); other empty values are unset.
		if (value || (value === '' && option.env === 'SIMULATOR_RETIRED_MODELS')) {
			option.read(value, option.env, options);
		}
	}
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		}
		const option = OPTIONS.find((candidate) => candidate.flag === flag);
		if (!option) throw new Error(`Unknown option ${argv[i]}.\n${USAGE}`);
		option.read(inline ?? argv[++i] ?? '', flag, options);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2), process.env);
	const simulator = await startSimulator(options);
	const port = new URL(simulator.url).port;
	console.log(`Gemini API simulator listening on ${simulator.url} (API key: ${simulator.apiKey})`);
	console.log(
		`In n8n, set the Gemini Image credential's Base URL to ${simulator.url} and its API key to ${simulator.apiKey}.`,
	);
	console.log(
		`From n8n in Docker, start with --host 0.0.0.0 and use http://host.docker.internal:${port} as the Base URL.`,
	);
	console.log(
		'Put markers such as [sim:refusal], [sim:429] or [sim:slow=2000] in a prompt to choose a scenario.',
	);
	const express = Object.keys(options.vertexExpressKeys ?? {});
	console.log(
		`Vertex AI: base URL ${simulator.url}, tokens from ${simulator.url}/token (service accounts: POST /__simulator/vertex/service-accounts)${express.length > 0 ? `, express keys: ${express.join(', ')}` : ''}.`,
	);
	console.log('Recorded requests: GET /__simulator/requests. Press Ctrl+C to stop.');

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
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(2);
});
