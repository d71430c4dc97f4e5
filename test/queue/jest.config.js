/**
 * Queue-mode suite: the packed package in a real n8n 2.41.1 in queue mode (main + two workers,
 * Redis, PostgreSQL 15) on loopback, against the local Gemini API simulator with a fixed latency.
 * `npm run test:queue` runs it in band; the cases run in the order of their file names (the
 * last one kills a worker).
 */
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	testSequencer: '<rootDir>/test/queue/sequencer.js',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/queue/global-setup.ts',
	globalTeardown: '<rootDir>/test/queue/global-teardown.ts',
	testTimeout: 300000,
	slowTestThreshold: 0,
	verbose: true,
};
