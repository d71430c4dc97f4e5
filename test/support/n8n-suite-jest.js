/**
 * The jest settings every suite that runs a real n8n shares: its cases in `test/<suite>`, run
 * in band (they share one n8n), prepared by the suite's global setup and cleaned up by its
 * teardown, every file's time shown (most of it is in n8n commands, not in the cases).
 */
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

function n8nSuiteConfig(suite, settings) {
	return {
		rootDir: root,
		testEnvironment: 'node',
		roots: [`<rootDir>/test/${suite}`],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
		globalSetup: `<rootDir>/test/${suite}/global-setup.ts`,
		globalTeardown: `<rootDir>/test/${suite}/global-teardown.ts`,
		slowTestThreshold: 0,
		verbose: true,
		...settings,
	};
}

module.exports = { n8nSuiteConfig };
