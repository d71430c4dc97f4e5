/**
 * Runs the simulator as a program, for manual testing and for suites that start it in a separate
 * process. The first stdout line is stable and machine-read:
 *   Gemini API simulator listening on http://127.0.0.1:PORT (API key: KEY)
 *
 *   npx tsx test/simulator/cli.ts [--port N] [--key K] [--latency MS] [--host H] [--retired IDS]
 *     [--signature-bytes N] [--interaction-retention MS] [--background MS]
 *     [--batch-pending MS] [--batch-run MS] [--quota N/MS]
 *     [--token-lifetime S] [--express-key KEY[:PROJECT]]...
 * Environment: SIMULATOR_PORT, SIMULATOR_API_KEY, SIMULATOR_LATENCY_MS, SIMULATOR_HOST,
 * SIMULATOR_RETIRED_MODELS (ids separated by commas; empty serves every model),
 * SIMULATOR_SIGNATURE_BYTES, SIMULATOR_INTERACTION_RETENTION_MS, SIMULATOR_BACKGROUND_MS,
 * SIMULATOR_BATCH_PENDING_MS, SIMULATOR_BATCH_RUN_MS, SIMULATOR_QUOTA (N/MS, e.g. 20/10000),
 * SIMULATOR_VERTEX_TOKEN_LIFETIME (seconds), SIMULATOR_VERTEX_EXPRESS_KEYS (KEY:PROJECT, comma
 * separated; a key without a project belongs to simulator-project).
 */
import { parseQuotaOption } from './quota/quota';
import { startSimulator } from './server/server';
import type { SimulatorOptions } from './types';
import { DEFAULT_VERTEX_PROJECT } from './vertex/store';

const USAGE =
	'Usage: tsx test/simulator/cli.ts [--port N] [--key K] [--latency MS] [--host H] [--retired ID,ID] [--signature-bytes N] [--interaction-retention MS] [--background MS] [--batch-pending MS] [--batch-run MS] [--quota N/MS] [--token-lifetime S] [--express-key KEY[:PROJECT]]';

const idList = (value: string) =>
	value
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);

function numberOption(name: string, value: string | undefined): number {
	const number = Number(value);
	if (value === undefined || value === '' || !Number.isInteger(number) || number < 0) {
		throw new Error(`${name} needs a whole number, got ${value ?? 'nothing'}.\n${USAGE}`);
	}
	return number;
}

/** 'KEY' or 'KEY:PROJECT', Vertex AI express keys. */
function expressKeys(
	value: string | undefined,
	into: Record<string, string> = {},
): Record<string, string> {
	for (const entry of idList(value ?? '')) {
		const colon = entry.lastIndexOf(':');
		const [key, project] =
			colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [entry, DEFAULT_VERTEX_PROJECT];
		if (!key || !project)
			throw new Error(`An express key is KEY or KEY:PROJECT, not ${entry}.\n${USAGE}`);
		into[key] = project;
	}
	return into;
}

function parseArguments(argv: string[], env: NodeJS.ProcessEnv): SimulatorOptions {
	const options: SimulatorOptions = {
		port: env.SIMULATOR_PORT ? numberOption('SIMULATOR_PORT', env.SIMULATOR_PORT) : 0,
		apiKey: env.SIMULATOR_API_KEY || 'simulator-key',
		latencyMs: env.SIMULATOR_LATENCY_MS
			? numberOption('SIMULATOR_LATENCY_MS', env.SIMULATOR_LATENCY_MS)
			: 0,
		host: env.SIMULATOR_HOST || '127.0.0.1',
		...(env.SIMULATOR_SIGNATURE_BYTES
			? { signatureBytes: numberOption('SIMULATOR_SIGNATURE_BYTES', env.SIMULATOR_SIGNATURE_BYTES) }
			: {}),
		...(env.SIMULATOR_INTERACTION_RETENTION_MS
			? {
					interactionRetentionMs: numberOption(
						'SIMULATOR_INTERACTION_RETENTION_MS',
						env.SIMULATOR_INTERACTION_RETENTION_MS,
					),
				}
			: {}),
		...(env.SIMULATOR_BACKGROUND_MS
			? {
					interactionBackgroundMs: numberOption(
						'SIMULATOR_BACKGROUND_MS',
						env.SIMULATOR_BACKGROUND_MS,
					),
				}
			: {}),
		...(env.SIMULATOR_BATCH_PENDING_MS
			? {
					batchPendingMs: numberOption(
						'SIMULATOR_BATCH_PENDING_MS',
						env.SIMULATOR_BATCH_PENDING_MS,
					),
				}
			: {}),
		...(env.SIMULATOR_BATCH_RUN_MS
			? { batchRunMs: numberOption('SIMULATOR_BATCH_RUN_MS', env.SIMULATOR_BATCH_RUN_MS) }
			: {}),
		...(env.SIMULATOR_QUOTA
			? { quota: parseQuotaOption('SIMULATOR_QUOTA', env.SIMULATOR_QUOTA) }
			: {}),
		...(env.SIMULATOR_RETIRED_MODELS !== undefined
			? { retiredModels: idList(env.SIMULATOR_RETIRED_MODELS) }
			: {}),
		...(env.SIMULATOR_VERTEX_TOKEN_LIFETIME
			? {
					vertexTokenLifetimeSeconds: numberOption(
						'SIMULATOR_VERTEX_TOKEN_LIFETIME',
						env.SIMULATOR_VERTEX_TOKEN_LIFETIME,
					),
				}
			: {}),
		...(env.SIMULATOR_VERTEX_EXPRESS_KEYS
			? { vertexExpressKeys: expressKeys(env.SIMULATOR_VERTEX_EXPRESS_KEYS) }
			: {}),
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--port':
				options.port = numberOption('--port', value());
				break;
			case '--key':
				options.apiKey = value();
				if (!options.apiKey) throw new Error(`--key needs a value.\n${USAGE}`);
				break;
			case '--latency':
				options.latencyMs = numberOption('--latency', value());
				break;
			case '--host':
				options.host = value();
				break;
			case '--signature-bytes':
				options.signatureBytes = numberOption('--signature-bytes', value());
				break;
			case '--interaction-retention':
				options.interactionRetentionMs = numberOption('--interaction-retention', value());
				break;
			case '--background':
				options.interactionBackgroundMs = numberOption('--background', value());
				break;
			case '--batch-pending':
				options.batchPendingMs = numberOption('--batch-pending', value());
				break;
			case '--batch-run':
				options.batchRunMs = numberOption('--batch-run', value());
				break;
			case '--quota':
				options.quota = parseQuotaOption('--quota', value());
				break;
			case '--retired':
				options.retiredModels = idList(value() ?? '');
				break;
			case '--token-lifetime':
				options.vertexTokenLifetimeSeconds = numberOption('--token-lifetime', value());
				break;
			case '--express-key': {
				const given = value();
				if (!given) throw new Error(`--express-key needs KEY or KEY:PROJECT.\n${USAGE}`);
				options.vertexExpressKeys = expressKeys(given, { ...options.vertexExpressKeys });
				break;
			}
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${argv[i]}.\n${USAGE}`);
		}
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
