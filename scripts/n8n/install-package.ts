import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { say, step } from './log';
import { npmEnvironment } from './npm-environment';
import { run } from './processes';
import type { N8nRuntime } from './runtime';

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	[key: string]: unknown;
}

const INSTALLED_STAMP = '.installed-tarball.sha256';

/** Where n8n keeps community packages: `<N8N_USER_FOLDER>/.n8n/nodes`. */
export function communityNodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/**
 * Installs a packed community package into an n8n user folder the way n8n 2.41's own installer
 * (Settings > Community nodes) does:
 * - the tarball is unpacked into `nodes/node_modules/<name>`;
 * - its devDependencies, peerDependencies and optionalDependencies are dropped from its
 *   package.json, so npm never installs a second `n8n-workflow` beside the package (the node
 *   must use n8n's own copy, or n8n's `instanceof NodeOperationError` checks fail);
 * - `npm install --install-strategy=shallow --ignore-scripts ...` installs its dependencies inside
 *   the package folder;
 * - `nodes/package.json` lists the package and version.
 * The same tarball is not installed twice.
 */
export async function installPackageIntoN8n(
	runtime: N8nRuntime,
	userFolder: string,
	tarball: string,
): Promise<PackageJson> {
	const nodesFolder = communityNodesFolder(userFolder);
	await mkdir(join(nodesFolder, 'node_modules'), { recursive: true });
	const packed = await readPackedPackageJson(tarball);
	const packageFolder = join(nodesFolder, 'node_modules', packed.name);
	const stampPath = join(packageFolder, INSTALLED_STAMP);
	const tarballHash = createHash('sha256')
		.update(await readFile(tarball))
		.digest('hex');

	if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === tarballHash) {
		say(`${packed.name}@${packed.version} is already installed in ${nodesFolder}`);
		await recordInLedger(nodesFolder, packed);
		return packed;
	}

	await step(`Installing ${packed.name}@${packed.version} into ${nodesFolder}`, async () => {
		await rm(packageFolder, { recursive: true, force: true });
		await mkdir(packageFolder, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1'], {
			cwd: nodesFolder,
			env: process.env,
		});
		const packageJsonPath = join(packageFolder, 'package.json');
		const {
			devDependencies: _dev,
			peerDependencies: _peer,
			optionalDependencies: _optional,
			...runtimeManifest
		} = JSON.parse(await readFile(packageJsonPath, 'utf8')) as PackageJson;
		await writeFile(packageJsonPath, JSON.stringify(runtimeManifest, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageFolder, env: npmEnvironment(runtime.binFolders) },
		);
		await writeFile(stampPath, tarballHash);
		await recordInLedger(nodesFolder, packed);
	});
	return packed;
}

async function readPackedPackageJson(tarball: string): Promise<PackageJson> {
	const scratch = await mkdtemp(join(tmpdir(), 'packed-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', scratch, 'package/package.json'], {
			cwd: scratch,
			env: process.env,
		});
		return JSON.parse(await readFile(join(scratch, 'package', 'package.json'), 'utf8'));
	} finally {
		await rm(scratch, { recursive: true, force: true });
	}
}

/** `nodes/package.json` is n8n's ledger of installed community packages. */
async function recordInLedger(nodesFolder: string, installed: PackageJson): Promise<void> {
	const ledgerPath = join(nodesFolder, 'package.json');
	const ledger: PackageJson = existsSync(ledgerPath)
		? JSON.parse(await readFile(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', version: '1.0.0', private: true, dependencies: {} };
	ledger.dependencies = { ...ledger.dependencies, [installed.name]: installed.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2));
}
