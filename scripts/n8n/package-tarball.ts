import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { step } from './log';
import { run } from './processes';

/** The repository root (this file is scripts/n8n/package-tarball.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Builds the package and packs it as npm would publish it. The repository's `.npmrc` turns off
 * lifecycle scripts, so `prepack` would not build: the build runs explicitly first.
 */
export async function buildAndPack(destination: string): Promise<string> {
	await step('Building the package (npm run build)', async () => {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: process.env });
	});
	return await step('Packing it (npm pack)', () => packBuiltPackage(destination));
}

/** Packs the package as built in dist/ into `destination`; returns the tarball's path. */
export async function packBuiltPackage(destination: string): Promise<string> {
	await mkdir(destination, { recursive: true });
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: REPO_ROOT, env: process.env },
	);
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}
