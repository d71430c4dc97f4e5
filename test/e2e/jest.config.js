/**
 * End-to-end suite: this package packed, installed into a real n8n (2.41.1 on Node 24, cached
 * outside the repository) the way users install community nodes, and run against the local
 * Gemini API simulator. `npm run test:e2e` runs it in band: the cases share one n8n user folder.
 */
const { n8nSuiteConfig } = require('../support/n8n-suite-jest');

module.exports = n8nSuiteConfig('e2e', {
	testMatch: ['**/*.e2e.test.ts'],
	// One n8n command takes a few seconds; starting a server and waiting for a schedule, a minute.
	testTimeout: 240000,
});
