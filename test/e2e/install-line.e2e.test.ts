import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { CREDENTIAL_TYPE } from '../../scripts/n8n/examples';
import { communityNodesFolder } from '../../scripts/n8n/install-package';
import { say, seconds } from '../../scripts/n8n/log';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { npmEnvironment } from '../../scripts/n8n/npm-environment';
import { REPO_ROOT } from '../../scripts/n8n/package-tarball';
import { freePort } from '../../scripts/n8n/ports';
import { CommandFailedError, run } from '../../scripts/n8n/processes';
import { geminiImage, manualTrigger, workflow } from '../support/workflows';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { loadState } from './support/state';

const PACKAGE_NAME = (
	JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }
).name;
const WORKFLOW_ID = 'e2eInstallLine0001';

/** What a shell would read as more than plain words: quotes, operators, variables, globs. */
const PLAIN_WORDS = /^[A-Za-z0-9@._~/=:+-]+(?: [A-Za-z0-9@._~/=:+-]+)*$/;

interface ReadmeInstall {
	/** Step 1's last command, which packs the built package into the home folder. */
	pack: string;
	/** Step 2's install line, with the tarball's path in the home folder. */
	manual: string;
	/** The Docker lines: copy the tarball in, install it. */
	dockerCopy?: string;
	dockerInstall?: string;
}

/** The "## Install" section of README.md, up to the next "## " heading. */
function installSection(readme: string): string {
	const start = readme.search(/^## Install\s*$/m);
	if (start === -1) throw new Error('README.md has no "## Install" section');
	const rest = readme.slice(start + '## Install'.length);
	const end = rest.search(/^## /m);
	return end === -1 ? rest : rest.slice(0, end);
}

/** The commands in the section's fenced code blocks (indented blocks in list items included). */
function readInstallCommands(readme: string): ReadmeInstall {
	const lines: string[] = [];
	for (const block of installSection(readme).matchAll(/^[ \t]*```[\w-]*\n([\s\S]*?)^[ \t]*```/gm)) {
		lines.push(
			...block[1]
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean),
		);
	}
	const manual = lines.filter((line) => line.startsWith('npm install '));
	if (manual.length !== 1) {
		throw new Error(
			`Expected one "npm install" line in the Install section's code blocks, found ${manual.length}`,
		);
	}
	const build = lines.find((line) => line.includes('npm pack '));
	if (!build) throw new Error('The Install section has no line that runs "npm pack"');
	return {
		pack: build.slice(build.indexOf('npm pack ')),
		manual: manual[0],
		dockerCopy: lines.find((line) => line.startsWith('docker cp ')),
		dockerInstall: lines.find((line) => line.startsWith('docker exec ')),
	};
}

interface InstalledPackage {
	name: string;
	version: string;
	folder: string;
}

/** Every package npm put under `folder/node_modules`, nested node_modules included. */
function installedPackages(folder: string): InstalledPackage[] {
	const found: InstalledPackage[] = [];
	const visit = (nodeModules: string) => {
		if (!existsSync(nodeModules)) return;
		for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
			if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
			const folders = entry.name.startsWith('@')
				? readdirSync(join(nodeModules, entry.name), { withFileTypes: true })
						.filter((scoped) => scoped.isDirectory())
						.map((scoped) => join(nodeModules, entry.name, scoped.name))
				: [join(nodeModules, entry.name)];
			for (const packageFolder of folders) {
				const manifestPath = join(packageFolder, 'package.json');
				if (!existsSync(manifestPath)) continue;
				const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
					name: string;
					version: string;
				};
				found.push({ name: manifest.name, version: manifest.version, folder: packageFolder });
				visit(join(packageFolder, 'node_modules'));
			}
		}
	};
	visit(join(folder, 'node_modules'));
	return found;
}

/** Signs of native code built during the install: a gyp project or its build output. */
function nativeBuildTraces(packages: InstalledPackage[]): string[] {
	return packages.flatMap((pkg) =>
		['binding.gyp', join('build', 'Release'), join('build', 'Makefile')]
			.filter((file) => existsSync(join(pkg.folder, file)))
			.map((file) => `${pkg.name}/${file}`),
	);
}

/**
 * The README's install path before the first release, as written: its `npm pack` line (after the
 * build the global setup ran) puts the tarball in a fresh home folder, and its install line, run
 * by a shell with Node 24's npm in a fresh `~/.n8n/nodes`, installs it without n8n-workflow or
 * isolated-vm and without compiling anything; n8n, started on that folder, loads the node and
 * runs it against the simulator.
 */
describe('the README install line', () => {
	const state = loadState();
	const userFolder = join(state.root, 'install-line');
	const nodesFolder = communityNodesFolder(userFolder);
	const filesFolder = join(userFolder, 'files');
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	let commands: ReadmeInstall;
	let tarballName: string;
	let install: { exitCode: number; output: string; seconds: string };
	let packages: InstalledPackage[];
	let result: WorkflowRun;

	beforeAll(async () => {
		commands = readInstallCommands(readme);
		const tarballs = readdirSync(join(state.root, 'package')).filter((name) =>
			name.endsWith('.tgz'),
		);
		expect(tarballs).toHaveLength(1);
		tarballName = tarballs[0];
		expect(commands.manual).toMatch(PLAIN_WORDS);
		expect(commands.pack).toMatch(PLAIN_WORDS);
		say(`README pack line: ${commands.pack}`);
		say(`README install line: ${commands.manual}`);

		// A fresh home folder, as after step 1 of the README (npm keeps its usual cache).
		const home = join(userFolder, 'home');
		mkdirSync(home, { recursive: true });
		const shellEnv = npmEnvironment(state.runtime.binFolders, {
			HOME: home,
			npm_config_cache: join(homedir(), '.npm'),
		});
		await run('sh', ['-c', commands.pack], { cwd: REPO_ROOT, env: shellEnv });

		// A fresh n8n user folder, its nodes folder holding only the ledger n8n writes there.
		mkdirSync(nodesFolder, { recursive: true });
		mkdirSync(filesFolder, { recursive: true });
		writeFileSync(
			join(nodesFolder, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);

		const startedAt = Date.now();
		try {
			const { output } = await run('sh', ['-c', commands.manual], {
				cwd: nodesFolder,
				env: shellEnv,
				logFile: join(state.logFolder, 'install-line-npm.log'),
			});
			install = { exitCode: 0, output, seconds: seconds(startedAt) };
		} catch (error) {
			if (!(error instanceof CommandFailedError)) throw error;
			install = {
				exitCode: error.exitCode ?? -1,
				output: error.result.output,
				seconds: seconds(startedAt),
			};
		}
		packages = installedPackages(nodesFolder);
		say(
			`npm install took ${install.seconds} (exit ${install.exitCode}); ` +
				`${packages.length} packages in node_modules; ` +
				`isolated-vm: ${packages.some((p) => p.name === 'isolated-vm') ? 'present' : 'absent'}, ` +
				`n8n-workflow: ${packages.some((p) => p.name === 'n8n-workflow') ? 'present' : 'absent'}, ` +
				`native build traces: ${nativeBuildTraces(packages).join(', ') || 'none'}`,
		);
		if (install.exitCode !== 0) return;

		const n8n = new N8nInstance(state.runtime, {
			userFolder,
			filesFolder,
			brokerPort: await freePort(),
		});
		await n8n.importCredentials([
			{
				...state.credential,
				type: CREDENTIAL_TYPE,
				data: {
					apiKey: state.simulator.apiKey,
					baseUrl: state.simulator.baseUrl,
					apiVersion: 'v1beta',
				},
			},
		]);
		await n8n.importWorkflows([
			workflow(WORKFLOW_ID, 'e2e: installed with the README line -> generate', [
				manualTrigger('Run'),
				geminiImage('Generate', state.credential, { prompt: 'A paper boat on a pond' }),
			]),
		]);
		const executedAt = Date.now();
		result = await executeWorkflow(n8n, WORKFLOW_ID);
		say(`n8n execute took ${seconds(executedAt)} (exit ${result.exitCode})`);
	});

	it('names the tarball npm pack makes of this version', () => {
		expect(commands.manual.split(' ')[2]).toBe(`~/${tarballName}`);
	});

	it('copies that tarball into the container and installs it with the same npm command', () => {
		const inContainer = `/tmp/${tarballName}`;
		expect(commands.dockerCopy).toBe(`docker cp ~/${tarballName} <container>:${inContainer}`);
		const manualInContainer = commands.manual.replace(`~/${tarballName}`, inContainer);
		expect(commands.dockerInstall).toContain(`cd ~/.n8n/nodes && ${manualInContainer}'`);
	});

	it('gives the published package the same line', () => {
		const firstFlag = commands.manual.split(' ')[3];
		expect(installSection(readme)).toContain(`npm install ${PACKAGE_NAME} ${firstFlag} ...`);
	});

	it('exits 0', () => {
		if (install.exitCode !== 0) console.log(install.output.slice(-4000));
		expect(install.exitCode).toBe(0);
	});

	it('installs the package with its dependencies inside its own folder', () => {
		const packageFolder = join(nodesFolder, 'node_modules', PACKAGE_NAME);
		expect(packages.find((p) => p.folder === packageFolder)?.name).toBe(PACKAGE_NAME);
		// Shallow: the package is the only entry at the top; what it needs sits under it.
		expect(packages.filter((p) => p.folder === join(nodesFolder, 'node_modules', p.name))).toEqual([
			expect.objectContaining({ name: PACKAGE_NAME }),
		]);
		const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		for (const dependency of Object.keys(manifest.dependencies)) {
			expect(existsSync(join(packageFolder, 'node_modules', dependency, 'package.json'))).toBe(
				true,
			);
		}
		const ledger = JSON.parse(readFileSync(join(nodesFolder, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		expect(Object.keys(ledger.dependencies)).toEqual([PACKAGE_NAME]);
	});

	it('installs neither n8n-workflow nor isolated-vm', () => {
		const names = packages.map((p) => p.name);
		expect(names).not.toContain('n8n-workflow');
		expect(names).not.toContain('isolated-vm');
	});

	it('compiles nothing', () => {
		expect(nativeBuildTraces(packages)).toEqual([]);
		expect(install.output).not.toMatch(/node-gyp|gyp info|prebuild-install|node-pre-gyp/i);
	});

	it('leaves a package n8n loads and runs', () => {
		expect(result).toBeDefined();
		expect(result.output).not.toMatch(/Failed to load/i);
		expect(result.output).not.toMatch(/Cannot find module/i);
		expect(result.output).not.toMatch(/Unrecognized node type/i);
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
		const [item, ...rest] = nodeOutput(result.run, 'Generate');
		expect(rest).toHaveLength(0);
		expect(item.json).toMatchObject({ prompt: 'A paper boat on a pond', mimeType: 'image/jpeg' });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg' });
	});
});
