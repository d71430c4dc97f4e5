import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Logger } from '@n8n/backend-common';
import { ExecutionsConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	InstanceSettings,
	StorageConfig,
} from 'n8n-core';
import type { Logger as WorkflowLogger, LogMetadata } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

export type BinaryMode = 'default' | 'filesystem';

type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * n8n-core reads its services from the `@n8n/di` container: the node's `this.logger` is
 * `Container.get(Logger)`, binary helpers call `Container.get(BinaryDataService)`, every node
 * context reads `Container.get(InstanceSettings)`. The harness registers real instances there,
 * except the logger, which is replaced by one that records every line (n8n's own tests stub it
 * the same way) so that tests can scan what a node logged.
 */
class RecordingLogger implements WorkflowLogger {
	private readonly sinks = new Set<string[]>();

	error(message: string, metadata?: LogMetadata): void {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata): void {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata): void {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata): void {
		this.record('debug', message, metadata);
	}

	/** n8n-core services ask for a scoped logger; scoping changes nothing for recording. */
	scoped(): this {
		return this;
	}

	/** Every line logged while `sink` is attached is appended to it. */
	attach(sink: string[]): () => void {
		this.sinks.add(sink);
		return () => this.sinks.delete(sink);
	}

	private record(level: LogLevel, message: string, metadata?: LogMetadata): void {
		const meta = metadata && Object.keys(metadata).length > 0 ? ` ${describe(metadata)}` : '';
		const line = `[${level}] ${message}${meta}`;
		for (const sink of this.sinks) sink.push(line);
	}
}

/** JSON of log metadata that survives cycles and keeps error messages and stacks. */
function describe(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, entry: unknown) => {
			if (entry instanceof Error) {
				return { ...entry, name: entry.name, message: entry.message, stack: entry.stack };
			}
			if (typeof entry === 'bigint') return entry.toString();
			if (typeof entry === 'object' && entry !== null) {
				if (seen.has(entry)) return '[circular]';
				seen.add(entry);
			}
			return entry;
		});
	} catch {
		return String(value);
	}
}

interface HarnessEnvironment {
	root: string;
	logger: RecordingLogger;
	binaryData: Map<BinaryMode, Promise<BinaryDataSetup>>;
}

let environment: HarnessEnvironment | undefined;

/** Removes the temporary n8n folder and binary data of this test file. Safe to call twice. */
export function cleanupHarness(): void {
	if (!environment) return;
	rmSync(environment.root, { recursive: true, force: true });
	environment = undefined;
	Container.reset();
}

// Registered while jest collects the test file that imports the harness, so that each such file
// removes its temporary folder when it ends, whether or not it calls cleanupHarness() itself.
if (typeof afterAll === 'function') afterAll(() => cleanupHarness());

/**
 * Sets up n8n-core's container once per test file (jest gives each file its own module
 * registry, hence its own container). Everything n8n would keep in ~/.n8n lives in a
 * temporary folder under os.tmpdir().
 */
export function harnessEnvironment(): HarnessEnvironment {
	if (environment) return environment;

	const root = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const n8nFolder = path.join(root, '.n8n');
	mkdirSync(n8nFolder, { recursive: true });

	const logger = new RecordingLogger();
	// Logger is a class with private state; the recorder implements its public surface.
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);

	const instanceSettingsConfig = Object.assign(new InstanceSettingsConfig(), {
		n8nFolder,
		userHome: root,
		encryptionKey: 'harness-encryption-key',
		enforceSettingsFilePermissions: false,
	});
	Container.set(InstanceSettingsConfig, instanceSettingsConfig);
	// Constructing InstanceSettings now writes its settings file into the temporary folder.
	Container.get(InstanceSettings);

	environment = { root, logger, binaryData: new Map() };
	return environment;
}

interface BinaryDataSetup {
	config: BinaryDataConfig;
	service: BinaryDataService;
}

/** n8n-core's real BinaryDataService configured as an instance started in `mode` would be. */
export async function binaryDataServiceFor(mode: BinaryMode): Promise<BinaryDataService> {
	return (await binaryDataSetup(mode)).service;
}

async function binaryDataSetup(mode: BinaryMode): Promise<BinaryDataSetup> {
	const env = harnessEnvironment();
	let setup = env.binaryData.get(mode);
	if (!setup) {
		setup = createBinaryDataSetup(env.root, mode);
		env.binaryData.set(mode, setup);
	}
	return await setup;
}

async function createBinaryDataSetup(root: string, mode: BinaryMode): Promise<BinaryDataSetup> {
	const config = new BinaryDataConfig(
		Container.get(InstanceSettings),
		Container.get(ExecutionsConfig),
		Container.get(StorageConfig),
	);
	config.mode = mode;
	config.availableModes = [mode];
	config.localStoragePath = path.join(root, `binary-data-${mode}`);
	const service = new BinaryDataService(
		config,
		Container.get(ErrorReporter),
		Container.get(Logger),
	);
	await service.init();
	return { config, service };
}

/**
 * Makes `mode` the binary data mode of the process for the run that follows. The container
 * holds one BinaryDataService, as an n8n instance does, so runs in different modes take turns
 * while runs in the same mode may overlap.
 */
export async function withBinaryMode<T>(mode: BinaryMode, run: () => Promise<T>): Promise<T> {
	const { config, service } = await binaryDataSetup(mode);
	await modeLock.acquire(mode);
	try {
		Container.set(BinaryDataService, service);
		Container.set(BinaryDataConfig, config);
		return await run();
	} finally {
		modeLock.release();
	}
}

class ModeLock {
	private mode: BinaryMode | undefined;

	private holders = 0;

	private waiting: Array<() => void> = [];

	async acquire(mode: BinaryMode): Promise<void> {
		while (this.holders > 0 && this.mode !== mode) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.mode = mode;
		this.holders++;
	}

	release(): void {
		this.holders--;
		if (this.holders > 0) return;
		const waiting = this.waiting;
		this.waiting = [];
		for (const wake of waiting) wake();
	}
}

const modeLock = new ModeLock();

/** Records every log line written while `run` is in progress. */
export async function recordLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string[] }> {
	const logs: string[] = [];
	const detach = harnessEnvironment().logger.attach(logs);
	try {
		return { result: await run(), logs };
	} finally {
		detach();
	}
}
