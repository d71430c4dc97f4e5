/**
 * Compatibility suite: the packed package installed as n8n's Community Nodes installer does into
 * each n8n line this package is proven on (1.123.x on Node 22, 2.x on Node 24, each cached
 * outside the repository), the same workflows run on each against the local Gemini API
 * simulator. `npm run test:compat` runs it in band and prints a table: case x n8n version.
 */
const { n8nSuiteConfig } = require('../support/n8n-suite-jest');

module.exports = n8nSuiteConfig('compat', {
	testMatch: ['**/*.compat.test.ts'],
	testTimeout: 300000,
});
