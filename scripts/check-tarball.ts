/**
 * `npm run pack:check`: lists what `npm pack` would publish, with sizes, and fails unless it is
 * only what users need:
 * - `dist/`: the compiled node and credential (`.js`), the node's codex and any JSON it
 *   requires (`.json`), and its icons (`.svg`, `.png`). No sources, tests, declaration files
 *   or source maps: n8n loads the JavaScript only, and the maps point at TypeScript sources
 *   that are not shipped;
 * - `examples/`: the example workflows (`.json`), their README and the pictures they use;
 * - `README.md`, the licence, `package.json`, and the `main` entry (npm always packs it).
 * It also fails when something n8n needs is missing: a file named in package.json's `n8n`
 * field, an icon (`file:...`) a node or credential names, or a relative `require` of a
 * packed file. Run it after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

interface PackedFile {
	path: string;
	size: number;
}

interface PackResult {
	filename: string;
	size: number;
	unpackedSize: number;
	entryCount: number;
	files: PackedFile[];
}

interface Manifest {
	name: string;
	main?: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

const ALLOWED: Array<{ pattern: RegExp; what: string }> = [
	{ pattern: /^package\.json$/, what: 'the manifest' },
	{ pattern: /^README\.md$/, what: 'the README' },
	{ pattern: /^LICEN[CS]E(\.md|\.txt)?$/, what: 'the licence' },
	{ pattern: /^dist\/.+\.(js|json|svg|png)$/, what: 'the built node' },
	{ pattern: /^examples\/[^/]+\.(json|md|png|jpe?g|webp)$/, what: 'the example workflows' },
];

/** Never published, whatever the patterns above say. */
const FORBIDDEN: Array<{ pattern: RegExp; why: string }> = [
	{ pattern: /\.map$/, why: 'a source map' },
	{ pattern: /\.d\.ts$/, why: 'a declaration file' },
	{ pattern: /(^|\/)(test|tests|__tests__)\//, why: 'a test folder' },
	{ pattern: /\.(test|spec)\.[cm]?[jt]s$/, why: 'a test' },
	{ pattern: /\.tsbuildinfo$/, why: 'build state' },
	{ pattern: /(^|\/)\.(env|npmrc)$/, why: 'local settings' },
];

function pack(): PackResult {
	const stdout = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [result] = JSON.parse(stdout) as PackResult[];
	return result;
}

function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
	return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** Relative `require("./x")` calls in compiled CommonJS. */
function relativeRequires(source: string): string[] {
	return [...source.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)].map((match) => match[1]);
}

/** What Node would load for `require(specifier)` from `from`, among the packed files. */
function resolvesTo(from: string, specifier: string, packed: Set<string>): string | undefined {
	const base = posix.normalize(posix.join(posix.dirname(from), specifier));
	return [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((path) => packed.has(path));
}

function check(result: PackResult, manifest: Manifest): string[] {
	const problems: string[] = [];
	const paths = new Set(result.files.map((file) => file.path));
	const main = manifest.main ? posix.normalize(manifest.main) : undefined;

	for (const { path } of result.files) {
		const forbidden = FORBIDDEN.find(({ pattern }) => pattern.test(path));
		if (forbidden) {
			problems.push(`${path}: ${forbidden.why}, not for users`);
			continue;
		}
		if (path === main) continue;
		if (!ALLOWED.some(({ pattern }) => pattern.test(path))) {
			problems.push(`${path}: not part of the package users need`);
		}
	}

	const required = [
		'package.json',
		'README.md',
		...(manifest.n8n?.nodes ?? []),
		...(manifest.n8n?.credentials ?? []),
	];
	for (const path of required) {
		if (!paths.has(posix.normalize(path))) problems.push(`${path}: missing (run npm run build)`);
	}
	if (![...paths].some((path) => /^LICEN[CS]E(\.md|\.txt)?$/.test(path))) {
		problems.push('LICENSE: missing');
	}
	if (!manifest.n8n?.nodes?.length) {
		problems.push('package.json names no node in "n8n.nodes"');
	}

	for (const entry of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
		const path = posix.normalize(entry);
		if (!paths.has(path)) continue;
		const source = readFileSync(join(ROOT, path), 'utf8');
		for (const match of source.matchAll(/["']file:([^"']+)["']/g)) {
			const icon = posix.normalize(posix.join(posix.dirname(path), match[1]));
			if (!paths.has(icon)) problems.push(`${icon}: the icon ${path} names is not packed`);
		}
	}

	for (const path of paths) {
		if (!path.endsWith('.js') || !path.startsWith('dist/')) continue;
		const source = readFileSync(join(ROOT, path), 'utf8');
		for (const specifier of relativeRequires(source)) {
			if (!resolvesTo(path, specifier, paths)) {
				problems.push(`${path}: requires ${specifier}, which is not packed`);
			}
		}
	}
	return problems;
}

function main(): void {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
	const result = pack();
	const files = [...result.files].sort((a, b) => a.path.localeCompare(b.path));
	const width = Math.max(...files.map((file) => formatSize(file.size).length));
	for (const file of files) console.log(`${formatSize(file.size).padStart(width)}  ${file.path}`);
	console.log(
		`${files.length} files, ${formatSize(result.unpackedSize)} unpacked, ` +
			`${formatSize(result.size)} packed (${result.filename})`,
	);

	const problems = check(result, manifest);
	if (problems.length > 0) {
		console.error(`\nThe package would publish what it should not, or lack what it needs:`);
		for (const problem of problems.slice(0, 20)) console.error(`  ${problem}`);
		if (problems.length > 20) console.error(`  ... and ${problems.length - 20} more`);
		process.exit(1);
	}
	console.log(
		'Tarball contents OK: the built node, the examples, the README, the licence, the manifest',
	);
}

main();
