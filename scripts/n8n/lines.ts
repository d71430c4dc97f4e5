/**
 * An n8n line this package is proven on: the n8n release and the Node that runs it. Node comes
 * from the npm package `node`, which ships a real Node binary.
 */
export interface N8nLine {
	n8nVersion: string;
	nodeVersion: string;
	/**
	 * `overrides` for the install folder's package.json: a dependency that n8n names by a URL
	 * outside the npm registry, replaced by the registry's release of the same package.
	 */
	overrides?: Record<string, string>;
}

/** n8n 2.x, what `npm start` runs and the e2e and queue suites test (it needs Node 24). */
export const CURRENT_LINE: N8nLine = { n8nVersion: '2.41.1', nodeVersion: '24.9.0' };

/**
 * n8n 1.123.x, still patched by n8n. Its isolated-vm ships builds for Node 22 and 24 only; its
 * `xlsx` dependency points at a tarball on a host of its own, so the registry's 0.18.5 stands in.
 */
export const PREVIOUS_LINE: N8nLine = {
	n8nVersion: '1.123.81',
	nodeVersion: '22.9.0',
	overrides: { xlsx: '0.18.5' },
};

/**
 * What the first install of a line says it takes, from measured installs on 2-core machines
 * (the install is CPU-bound: npm unpacks about 2,000 packages, then sqlite3 compiles from source).
 * Measured: idle, n8n 2.41.1 about 2 minutes and sqlite3 about 1.5; busy, n8n 2.41.1 432 s and
 * 560 s, n8n 1.123.81 243 s, sqlite3 153 s and 202 s; whole first runs 240 s to 711 s.
 */
export const INSTALL_TIMES = {
	all: 'usually 4 to 12 minutes',
	n8n: 'usually 2 to 10 minutes',
	sqlite3: 'usually 1.5 to 4 minutes',
};
