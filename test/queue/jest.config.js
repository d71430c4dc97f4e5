/**
 * Queue-mode suite: the packed package in a real n8n 2.41.1 in queue mode (main + two workers,
 * Redis, PostgreSQL 15) on loopback, against the local Gemini API simulator with a fixed latency.
 * `npm run test:queue` runs it in band; the cases run in the order of their file names (the
 * last one kills a worker).
 */
const { n8nSuiteConfig } = require('../support/n8n-suite-jest');

module.exports = n8nSuiteConfig('queue', {
	testMatch: ['**/*.queue.ts'],
	testSequencer: '<rootDir>/test/queue/sequencer.js',
	testTimeout: 300000,
});
