import { delimiter, sep } from 'node:path';

/**
 * npm settings that still apply to an install outside this repository: where packages come from,
 * how to reach them, where the cache is.
 */
const KEPT_NPM_SETTINGS = new Set([
	'cache',
	'registry',
	'proxy',
	'http_proxy',
	'https_proxy',
	'noproxy',
	'no_proxy',
	'cafile',
	'ca',
	'strict_ssl',
	'userconfig',
	'globalconfig',
	'fetch_retries',
	'fetch_retry_factor',
	'fetch_retry_mintimeout',
	'fetch_retry_maxtimeout',
	'fetch_timeout',
	'prefer_offline',
	'offline',
]);

/**
 * The environment for running npm (or n8n) outside this repository.
 *
 * `npm run` exports the project's settings as `npm_config_*` (this repo's `.npmrc` sets
 * `ignore-scripts=true`), plus `npm_package_*` and `npm_lifecycle_*`: none of them belong to an
 * install in another folder, so they are dropped and what is needed is set explicitly.
 */
export function npmEnvironment(
	binFolders: string[],
	extra: NodeJS.ProcessEnv = {},
	base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(base)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_config_')) {
			const setting = lower.slice('npm_config_'.length);
			if (!KEPT_NPM_SETTINGS.has(setting) && !setting.startsWith('//') && !setting.startsWith('@'))
				continue;
		} else if (lower.startsWith('npm_') || lower === 'init_cwd') {
			continue;
		}
		env[key] = value;
	}
	// `npm run` also puts the repository's node_modules/.bin folders first on PATH.
	const inheritedPath = (base.PATH ?? '')
		.split(delimiter)
		.filter((folder) => folder && !folder.endsWith(`node_modules${sep}.bin`));
	env.PATH = [...binFolders, ...inheritedPath].join(delimiter);
	return { ...env, ...extra };
}
