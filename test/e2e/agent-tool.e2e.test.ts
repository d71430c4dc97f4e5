import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { RecordedRequest } from '../simulator';
import {
	findModelCapabilities,
	modelListName,
} from '../../nodes/GeminiImage/gemini/catalogue/models';
import {
	CREDENTIAL_TYPE,
	GEMINI_IMAGE_NODE_TYPE,
	loadExampleWorkflows,
} from '../../scripts/n8n/examples';
import type { N8nInstance, WorkflowExport, WorkflowNode } from '../../scripts/n8n/n8n-instance';
import { freePort } from '../../scripts/n8n/ports';
import { INTERACTIONS_VERSION, manualTrigger, node, workflow } from '../support/workflows';
import {
	OPENAI_CHAT_MODEL_TYPE,
	OPENAI_CREDENTIAL_TYPE,
	aiAgent,
	linkToAgent,
	openAiChatModel,
} from './support/agent-nodes';
import {
	FINAL_ANSWER_PREFIX,
	OpenAiStandin,
	textOf,
	type ChatMessage,
	type RecordedChatRequest,
} from './support/openai-standin';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { promptOf, simulatorRequests } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const MODEL = 'gemini-nano-banana-2.1';
const PROMPT = 'A lighthouse at dawn, watercolor';
const REFUSED_PROMPT = 'A lighthouse at dawn, watercolor [sim:refusal]';
const TOOL_NODE = 'Generate image';
const TOOL_NAME = 'Generate_image';

/** The text a generateContent or Interactions request asks for. */
function requestPrompt(request: RecordedRequest): string | undefined {
	if (request.method !== 'POST') return undefined;
	if (request.path.endsWith(':generateContent')) return promptOf(request);
	if (/\/interactions$/.test(request.path)) {
		const input = (request.body as { input?: unknown }).input;
		if (typeof input === 'string') return input;
		if (Array.isArray(input)) {
			return input.map((part: { text?: string }) => part.text ?? '').join('');
		}
	}
	return undefined;
}

/** One line of n8n's streamed webhook answer. */
interface StreamChunk {
	type: string;
	content?: string;
}

/** n8n streams a chat answer as JSON lines: `begin`, `item` (text), `end`, per node run. */
function parseStream(text: string): StreamChunk[] {
	return text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line) as StreamChunk);
}

/** What a tool node handed the agent: the JSON of its `ai_tool` output in its first run. */
function toolOutput(result: WorkflowRun, nodeName: string): unknown[] {
	const task = result.run.data.resultData.runData[nodeName]?.[0];
	return (task?.data?.ai_tool?.[0] ?? []).map((item) => item.json);
}

/**
 * Manual Trigger -> AI Agent, its chat model n8n's OpenAI Chat Model pointed at a local
 * stand-in, its one tool the Gemini Image node's tool variant on Generate with the prompt from
 * `$fromAI`: the agent calls the tool, and what the tool answers is what the model reads.
 */
function agentWorkflow(
	id: string,
	userMessage: string,
	openAi: { id: string; name: string },
	gemini: { id: string; name: string },
): WorkflowExport {
	const tool = node(
		TOOL_NODE,
		`${GEMINI_IMAGE_NODE_TYPE}Tool`,
		INTERACTIONS_VERSION,
		{
			descriptionType: 'manual',
			toolDescription: 'Makes a picture from a text prompt and says where it is.',
			operation: 'generate',
			model: { __rl: true, mode: 'list', value: MODEL, cachedResultName: modelListName(MODEL) },
			prompt: "={{ $fromAI('prompt', 'What the image should show', 'string') }}",
			options: {},
		},
		{ credentials: { [CREDENTIAL_TYPE]: gemini } },
	);
	const result = workflow(
		id,
		`e2e: AI Agent with the Gemini Image tool (${id})`,
		[manualTrigger('Run'), aiAgent('AI Agent', userMessage)],
		{ extraNodes: [openAiChatModel('OpenAI Chat Model', openAi), tool] },
	);
	linkToAgent(result, 'OpenAI Chat Model', 'AI Agent', 'ai_languageModel');
	linkToAgent(result, TOOL_NODE, 'AI Agent', 'ai_tool');
	return result;
}

describe('the Gemini Image node as an AI Agent tool', () => {
	const state = loadState();
	const standin = new OpenAiStandin();
	const openAiCredential = { id: 'e2eOpenAiStandin1', name: 'OpenAI (local stand-in)' };
	let n8n: N8nInstance;

	beforeAll(async () => {
		await standin.start();
		n8n = suiteN8n(state);
		await n8n.importCredentials([
			{
				...openAiCredential,
				type: OPENAI_CREDENTIAL_TYPE,
				data: { apiKey: 'sk-standin-e2e', url: standin.baseUrl },
			},
		]);
		await n8n.importWorkflows([
			agentWorkflow('e2eAgentTool0001', PROMPT, openAiCredential, state.credential),
			agentWorkflow('e2eAgentTool0002', REFUSED_PROMPT, openAiCredential, state.credential),
		]);
	});

	afterAll(async () => {
		await standin.stop();
	});

	/** Runs one agent workflow; what the model was handed as the tool's answer, and the run. */
	async function runAgent(id: string): Promise<{
		result: WorkflowRun;
		toolMessages: ChatMessage[];
		toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
		resentCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
		offered: string[];
	}> {
		const before = standin.requests.length;
		const result = await executeWorkflow(n8n, id);
		const completions = standin.completionsSince(before);
		console.log(
			`${id}: ${completions.length} chat completions, stream: ${completions.map((r) => r.body?.stream === true).join(', ')}`,
		);
		const messages = completions.at(-1)?.body?.messages ?? [];
		const parse = (call: { function: { name: string; arguments: string } }) => ({
			name: call.function.name,
			arguments: JSON.parse(call.function.arguments) as Record<string, unknown>,
		});
		return {
			result,
			toolMessages: messages.filter((message) => message.role === 'tool'),
			toolCalls: completions.flatMap((request) => (request.reply?.toolCalls ?? []).map(parse)),
			resentCalls: messages.flatMap((message) => (message.tool_calls ?? []).map(parse)),
			offered: (completions[0]?.body?.tools ?? []).map((tool) => tool.function.name),
		};
	}

	describe('a prompt the model draws', () => {
		let run: Awaited<ReturnType<typeof runAgent>>;
		let answer: string;

		beforeAll(async () => {
			run = await runAgent('e2eAgentTool0001');
			answer = textOf(run.toolMessages[0]?.content);
			console.log(`agent tool answer: ${answer}`);
		});

		it('the run succeeds; the agent offered the tool with its $fromAI parameter and called it once', () => {
			expect(run.result.output).not.toMatch(/Unrecognized node type/i);
			expect(run.result.run.status).toBe('success');
			expect(run.offered).toEqual([TOOL_NAME]);
			expect(run.toolCalls).toEqual([{ name: TOOL_NAME, arguments: { prompt: PROMPT } }]);
			// n8n hands the call back with the tool's answer (adding the call's id to its arguments).
			expect(run.resentCalls).toEqual([
				{ name: TOOL_NAME, arguments: expect.objectContaining({ prompt: PROMPT }) },
			]);
			expect(run.toolMessages).toHaveLength(1);
		});

		it("the simulator got one request, with the agent's prompt", async () => {
			const requests = (await simulatorRequests(state)).filter(
				(request) => requestPrompt(request) === PROMPT,
			);
			expect(requests).toHaveLength(1);
			expect(requests[0].status).toBe(200);
			expect(requests[0].model ?? (requests[0].body as { model?: string }).model).toBe(MODEL);
		});

		it("the model read the node's JSON, as the node output it: the image described, no bytes", () => {
			expect(JSON.parse(answer)).toEqual(toolOutput(run.result, TOOL_NODE));
			const items = JSON.parse(answer) as Array<Record<string, unknown>>;
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				model: MODEL,
				finishReason: 'STOP',
				images: [
					expect.objectContaining({
						mimeType: 'image/jpeg',
						width: 1024,
						height: 1024,
						fileName: expect.stringMatching(/\.jpg$/),
					}),
				],
			});
			// Text for a model: no base64 image in it.
			expect(answer.length).toBeLessThan(10_000);
			expect(answer).not.toMatch(/[A-Za-z0-9+/]{1000}/);
		});

		it('its `answer` is a sentence for the agent: model, file, size and cost', () => {
			const [item] = JSON.parse(answer) as Array<{
				answer?: string;
				images: Array<{ fileName: string; width: number; height: number }>;
			}>;
			expect(typeof item.answer).toBe('string');
			const sentence = String(item.answer);
			const [image] = item.images;
			expect(sentence).toContain(findModelCapabilities(MODEL)?.name ?? MODEL);
			expect(sentence).toContain(image.fileName);
			expect(sentence).toContain('.jpg');
			expect(sentence).toContain(`${image.width}x${image.height}`);
			expect(sentence).toMatch(/\bcost\b/i);
		});

		it("the agent's final output quotes the tool's answer", () => {
			const [agentItem] = nodeOutput(run.result.run, 'AI Agent');
			expect(agentItem.json.output).toBe(`${FINAL_ANSWER_PREFIX}${answer}`);
		});
	});

	describe('a prompt the model refuses', () => {
		let run: Awaited<ReturnType<typeof runAgent>>;
		let answer: string;

		beforeAll(async () => {
			run = await runAgent('e2eAgentTool0002');
			answer = textOf(run.toolMessages[0]?.content);
			console.log(`agent tool answer (refused): ${answer}`);
		});

		it('the run still succeeds: the refusal reaches the agent as the tool answer', () => {
			expect(run.result.run.status).toBe('success');
			expect(run.toolCalls).toEqual([{ name: TOOL_NAME, arguments: { prompt: REFUSED_PROMPT } }]);
			expect(run.toolMessages).toHaveLength(1);
		});

		it('the simulator refused one request with that prompt', async () => {
			const requests = (await simulatorRequests(state)).filter(
				(request) => requestPrompt(request) === REFUSED_PROMPT,
			);
			expect(requests).toHaveLength(1);
		});

		it('the answer names the refusal', () => {
			expect(JSON.parse(answer)).toEqual(toolOutput(run.result, TOOL_NODE));
			const [item] = JSON.parse(answer) as Array<{ answer?: string; reason?: string }>;
			expect(item.reason).toBe('IMAGE_SAFETY');
			expect(item.answer).toMatch(/^No image was made \(IMAGE_SAFETY\)/);
			expect(item.answer).toMatch(/refused for safety reasons/);
			const [agentItem] = nodeOutput(run.result.run, 'AI Agent');
			expect(agentItem.json.output).toBe(`${FINAL_ANSWER_PREFIX}${answer}`);
		});
	});

	/**
	 * The example examples/agent-image-tool.json as a user runs it once published: a chat message
	 * to its Chat Trigger's production URL (the public chat turned on, as a user shares it), the
	 * agent on the stand-in calls **Make image**, which runs the same workflow's lower branch:
	 * the picture lands on disk, and the agent's reply (the chat's answer) names it.
	 */
	describe('example agent-image-tool.json: a chat message -> the agent -> the sub-workflow -> a file', () => {
		const exampleId = 'GeminiImgAgentTool01';
		const folder = join(state.filesFolder, 'gemini-image');
		const chatInput = 'A red kite over a green hill, paper collage';
		let example: WorkflowExport;
		let server: ChildProcess | undefined;
		let web: N8nInstance;
		let reply: { status: number; chunks: StreamChunk[] };
		let completions: RecordedChatRequest[];

		const byName = (name: string): WorkflowNode => {
			const found = example.nodes.find((candidate) => candidate.name === name);
			if (!found) throw new Error(`${exampleId} has no node "${name}"`);
			return found;
		};

		beforeAll(async () => {
			mkdirSync(folder, { recursive: true });
			const shipped = loadExampleWorkflows(state.credential, state.filesFolder).find(
				(candidate) => candidate.id === exampleId,
			);
			if (!shipped) throw new Error(`examples/ holds no workflow ${exampleId}`);
			example = {
				...shipped,
				nodes: shipped.nodes.map((candidate) => {
					if (candidate.type === '@n8n/n8n-nodes-langchain.chatTrigger') {
						return { ...candidate, parameters: { ...candidate.parameters, public: true } };
					}
					if (candidate.type === OPENAI_CHAT_MODEL_TYPE) {
						return {
							...candidate,
							parameters: {
								...candidate.parameters,
								model: { __rl: true, mode: 'id', value: 'gpt-standin-1' },
							},
							credentials: { [OPENAI_CREDENTIAL_TYPE]: openAiCredential },
						};
					}
					return candidate;
				}),
			};
			web = suiteN8n(state, { port: await freePort(), brokerPort: await freePort() });
			// As shipped, with no OpenAI credential (as `npm start` imports it), then as a user set it up.
			await web.importWorkflows([shipped]);
			await web.importWorkflows([example]);
			await web.publishWorkflow(exampleId);
			server = web.startServer(join(state.logFolder, 'n8n-agent-example.log'));
			await web.waitUntilHealthy(server);

			// n8n activates published workflows after it reports ready: the chat page (GET on the
			// same URL) answers once the chat's webhooks are registered.
			const chatUrl = `${web.baseUrl}/webhook/${String(byName('When chat message received').webhookId)}/chat`;
			const deadline = Date.now() + 120_000;
			while ((await fetch(chatUrl).then((page) => page.status)) !== 200) {
				if (Date.now() > deadline) throw new Error(`${chatUrl} was never registered`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}

			const before = standin.requests.length;
			const response = await fetch(chatUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ action: 'sendMessage', sessionId: 'e2e-chat-1', chatInput }),
				signal: AbortSignal.timeout(180_000),
			});
			const text = await response.text();
			reply = { status: response.status, chunks: parseStream(text) };
			completions = standin.completionsSince(before);
			console.log(`example chat reply (streamed): ${text}`);
		});

		afterAll(async () => {
			if (server) await web.stopServer(server);
		});

		it('ships the Gemini Image node as a new node shows it: the model by its name', () => {
			const model = byName('Generate image').parameters.model as {
				value: string;
				cachedResultName: string;
			};
			expect(model.cachedResultName).toBe(modelListName(model.value));
			expect(model.cachedResultName).toContain(findModelCapabilities(model.value)?.name);
			// Users pick their own OpenAI credential: the example names none.
			const shippedModel = loadExampleWorkflows(state.credential, state.filesFolder)
				.find((candidate) => candidate.id === exampleId)
				?.nodes.find((candidate) => candidate.type === OPENAI_CHAT_MODEL_TYPE);
			expect(shippedModel?.credentials).toBeUndefined();
		});

		it('the agent called Make image with its prompt; the sub-workflow made one picture', async () => {
			expect(completions[0].body?.tools?.map((tool) => tool.function.name)).toEqual(['Make_image']);
			const calls = completions.flatMap((request) => request.reply?.toolCalls ?? []);
			expect(
				calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)]),
			).toEqual([['Make_image', { prompt: chatInput }]]);
			const requests = (await simulatorRequests(state)).filter(
				(request) => requestPrompt(request) === chatInput,
			);
			expect(requests).toHaveLength(1);
			expect(requests[0].status).toBe(200);
		});

		it('the picture is on disk, and the agent got its path, model, size and cost', () => {
			const toolAnswer = textOf(
				completions.at(-1)?.body?.messages.find((message) => message.role === 'tool')?.content,
			);
			console.log(`example tool answer: ${toolAnswer}`);
			const written = listFiles(folder).filter((name) =>
				name.includes('a-red-kite-over-a-green-hill'),
			);
			expect(written).toHaveLength(1);
			const path = join(folder, written[0]);
			expect(readImageFile(path)).toMatchObject({ type: 'jpg', width: 1024, height: 1024 });
			expect(JSON.parse(toolAnswer)).toEqual([
				{
					path,
					model: MODEL,
					size: '1024x1024',
					estimatedCostUsd: expect.any(Number),
					modelSaid: expect.stringContaining(chatInput),
				},
			]);
		});

		it("the chat's answer is the agent's reply, streamed, naming the file", () => {
			expect(reply.status).toBe(200);
			expect(reply.chunks.map((chunk) => chunk.type)).toEqual(
				expect.arrayContaining(['begin', 'item', 'end']),
			);
			const said = reply.chunks
				.filter((chunk) => chunk.type === 'item')
				.map((chunk) => chunk.content ?? '')
				.join('');
			const file = listFiles(folder).find((name) => name.includes('a-red-kite'));
			expect(said.startsWith(FINAL_ANSWER_PREFIX)).toBe(true);
			expect(said).toContain(join(folder, String(file)));
			// The agent streamed: the model was asked with `stream: true`, and answered in events.
			expect(completions.map((request) => request.body?.stream)).toContain(true);
		});
	});
});
