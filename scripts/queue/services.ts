import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { say, step } from '../n8n/log';
import { run } from '../n8n/processes';
import type { GroupProcess, ProcessGroups } from './process-groups';

/** Where Redis and PostgreSQL live on this machine. */
export interface ServiceBinaries {
	/** The folder holding `redis-server`. */
	redisBin: string;
	/** The folder holding `initdb`, `postgres` and `psql` (Debian: /usr/lib/postgresql/15/bin). */
	pgBin: string;
}

const INSTALL_SCRIPT = join(__dirname, 'install-services.sh');

/**
 * Makes sure Redis and PostgreSQL are installed (`install-services.sh`: apt-get when one is
 * missing, a fraction of a second when both are there) and says where they are.
 */
export async function ensureQueueServices(): Promise<ServiceBinaries> {
	return await step('Redis and PostgreSQL (installed with apt-get when missing)', async () => {
		const { stdout } = await run('bash', [INSTALL_SCRIPT], {
			cwd: __dirname,
			env: process.env,
			heartbeat: 'installing redis-server and postgresql',
		});
		const last = stdout.trim().split('\n').pop() ?? '';
		const match = /REDIS_BIN=(\S+) PG_BIN=(\S+)/.exec(last);
		if (!match) throw new Error(`${INSTALL_SCRIPT} printed no binary folders:\n${stdout}`);
		return { redisBin: match[1], pgBin: match[2] };
	});
}

export interface RunningRedis {
	port: number;
	process: GroupProcess;
}

/** Redis on 127.0.0.1:port, in memory only (no RDB snapshots, no append-only file). */
export async function startRedis(
	groups: ProcessGroups,
	binaries: ServiceBinaries,
	folder: string,
	port: number,
): Promise<RunningRedis> {
	mkdirSync(folder, { recursive: true });
	const redis = groups.spawn(
		'redis',
		join(binaries.redisBin, 'redis-server'),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			folder,
			'--daemonize',
			'no',
		],
		{ cwd: folder, env: process.env, logFile: join(folder, 'redis.log') },
	);
	await waitFor(`Redis on port ${port}`, redis, 20_000, () => redisPing(port));
	return { port, process: redis };
}

function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** How to reach a PostgreSQL started by `startPostgres` (JSON-serialisable). */
export interface PostgresAddress {
	pgBin: string;
	port: number;
	user: string;
	database: string;
}

export interface PostgresClient {
	/** Runs SQL with psql and returns its unaligned, tuples-only output. */
	query(sql: string): Promise<string>;
	/** Runs a query whose single row and column is JSON, and parses it (null when no row). */
	queryJson<T>(sql: string): Promise<T>;
}

/** psql over TCP as the trusted superuser. */
export function postgresClient(address: PostgresAddress): PostgresClient {
	const query = async (sql: string, database = address.database): Promise<string> =>
		await execAs(
			join(address.pgBin, 'psql'),
			['-h', '127.0.0.1', '-p', String(address.port), '-U', address.user, '-d', database],
			'/',
			undefined,
			['-v', 'ON_ERROR_STOP=1', '-At', '-c', sql],
		);
	return {
		query: (sql) => query(sql),
		queryJson: async <T>(sql: string) => JSON.parse((await query(sql)) || 'null') as T,
	};
}

export interface RunningPostgres extends PostgresClient {
	address: PostgresAddress;
	process: GroupProcess;
	/** Stops the server with a fast shutdown. */
	stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL: `initdb` into `folder` (trust authentication, superuser `n8n`), then
 * `postgres` on 127.0.0.1:port with its socket in the same folder, tuned for tests (no fsync).
 * PostgreSQL refuses to run as root: as root it runs as the `postgres` user that Debian's
 * package creates.
 */
export async function startPostgres(
	groups: ProcessGroups,
	binaries: ServiceBinaries,
	folder: string,
	port: number,
): Promise<RunningPostgres> {
	const user = 'n8n';
	const database = 'n8n';
	const owner = unprivilegedOwner();
	const dataFolder = join(folder, 'data');
	mkdirSync(dataFolder, { recursive: true });
	if (owner) {
		chownSync(folder, owner.uid, owner.gid);
		chownSync(dataFolder, owner.uid, owner.gid);
	}
	chmodSync(dataFolder, 0o700);
	const bin = (name: string) => join(binaries.pgBin, name);

	await step(`PostgreSQL: initdb in ${dataFolder}`, () =>
		execAs(
			bin('initdb'),
			[
				'-D',
				dataFolder,
				'-A',
				'trust',
				'-U',
				user,
				'-E',
				'UTF8',
				'--no-locale',
				'--no-sync',
				'--no-instructions',
			],
			folder,
			owner,
		),
	);
	const server = groups.spawn(
		'postgres',
		bin('postgres'),
		[
			'-D',
			dataFolder,
			'-p',
			String(port),
			'-k',
			folder,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'max_connections=100',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		{ cwd: folder, env: process.env, logFile: join(folder, 'postgres.log'), ...owner },
	);

	const address: PostgresAddress = { pgBin: binaries.pgBin, port, user, database };
	const admin = postgresClient({ ...address, database: 'postgres' });
	await waitFor(`PostgreSQL on port ${port}`, server, 30_000, async () => {
		try {
			await admin.query('select 1');
			return true;
		} catch {
			return false;
		}
	});
	await admin.query(`create database ${database}`);
	say(`PostgreSQL is listening on 127.0.0.1:${port} (database ${database}, user ${user})`);

	return {
		...postgresClient(address),
		address,
		process: server,
		// SIGINT is PostgreSQL's fast shutdown: it ends sessions instead of waiting for them.
		stop: () => server.stop('SIGINT', 15_000),
	};
}

/** As root, the `postgres` user (from /etc/passwd); otherwise undefined: run as ourselves. */
function unprivilegedOwner(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const entry = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'))
		.find((fields) => fields[0] === 'postgres');
	if (!entry) {
		throw new Error(
			'PostgreSQL cannot run as root and there is no "postgres" user (Debian\'s postgresql package creates it)',
		);
	}
	return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function execAs(
	command: string,
	args: string[],
	cwd: string,
	owner: { uid: number; gid: number } | undefined,
	extraArgs: string[] = [],
): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			command,
			[...args, ...extraArgs],
			{ cwd, env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 512 * 1024 * 1024, ...owner },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
				else resolve(stdout.trimEnd());
			},
		);
	});
}

async function waitFor(
	what: string,
	service: GroupProcess,
	timeoutMs: number,
	ready: () => Promise<boolean>,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!service.running) {
			throw new Error(`${what} exited before it was ready; see ${service.logFile}`);
		}
		if (await ready()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} was not ready after ${timeoutMs / 1000} s; see ${service.logFile}`);
}
