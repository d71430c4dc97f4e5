/**
 * Runs a node's real `execute()` inside n8n-core's WorkflowExecute, with n8n-core's binary
 * data service (memory or filesystem), expression engine, parameter handling and error
 * handling. See run-node.ts for what a run returns and credential-test.ts for credential tests.
 */
export { runNode, INPUT_NODE_NAME } from './run-node';
export type { InputItem, RunNodeOptions, RunResult } from './run-node';
export { testCredential } from './credential-test';
export type { CredentialTestResult } from './credential-test';
export { cleanupHarness } from './environment';
export type { BinaryMode } from './environment';
export type { HarnessCredential } from './credentials-helper';
