import type { CredentialReference } from '../../../scripts/n8n/examples';
import type { WorkflowExport, WorkflowNode } from '../../../scripts/n8n/n8n-instance';
import { node } from '../../support/workflows';
import { STANDIN_MODEL } from './openai-standin';

/** n8n's AI nodes as the editor saves them (n8n 2.41), and the links between an agent's parts. */

export const OPENAI_CREDENTIAL_TYPE = 'openAiApi';
export const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
export const OPENAI_CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

/** An AI Agent (3.1, a new node's version) whose user message is `text`. */
export function aiAgent(name: string, text: string): WorkflowNode {
	return node(name, AGENT_TYPE, 3.1, { promptType: 'define', text, options: {} });
}

/**
 * An OpenAI Chat Model on Chat Completions (Use Responses API off: what OpenAI-compatible
 * servers speak), the model typed by ID.
 */
export function openAiChatModel(
	name: string,
	credential: CredentialReference,
	model = STANDIN_MODEL,
): WorkflowNode {
	return node(
		name,
		OPENAI_CHAT_MODEL_TYPE,
		1.3,
		{ model: { __rl: true, mode: 'id', value: model }, responsesApiEnabled: false, options: {} },
		{ credentials: { [OPENAI_CREDENTIAL_TYPE]: credential } },
	);
}

/** Connects `from` (a chat model or a tool) to the agent's input of that kind. */
export function linkToAgent(
	workflow: WorkflowExport,
	from: string,
	agent: string,
	type: 'ai_languageModel' | 'ai_tool',
): void {
	const connections = workflow.connections as Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	const outputs = ((connections[from] ??= {})[type] ??= [[]]);
	outputs[0].push({ node: agent, type, index: 0 });
}
