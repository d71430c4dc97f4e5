import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type {
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';

export interface AdditionalDataOptions {
	credentialsHelper: HarnessCredentialsHelper;
	executionId: string;
	workflow: IWorkflowBase;
	mode: WorkflowExecuteMode;
}

function notAvailable(what: string): never {
	throw new UnexpectedError(`${what} is not available in the test harness`);
}

/**
 * What n8n's `WorkflowExecuteAdditionalData.getBase()` gives an execution, reduced to what a
 * regular node can reach: the credentials helper, the execution and workflow ids (binary data
 * is filed under them), lifecycle hooks and the instance URLs. Sub-workflows, task runners and
 * AI event logging throw or do nothing.
 */
export function createAdditionalData({
	credentialsHelper,
	executionId,
	workflow,
	mode,
}: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://localhost:5678';
	return {
		credentialsHelper,
		executionId,
		workflowId: workflow.id,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflow),
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		variables: {},
		executeWorkflow: async () => notAvailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => notAvailable('A task runner'),
	};
}
