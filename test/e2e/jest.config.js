/**
 * End-to-end suite: this package packed, installed into a real n8n (2.41.1 on Node 24, cached
 * outside the repository) the way users install community nodes, and run against the local
 * Gemini API simulator. `npm run test:e2e` runs it in band: the cases share one n8n user folder.
 */
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	// One n8n command takes a few seconds; starting a server and waiting for a schedule, a minute.
	testTimeout: 240000,
	// Show every file's time: most of it is in beforeAll (n8n commands), not in the cases.
	slowTestThreshold: 0,
	verbose: true,
};
