import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for OpenAI's Chat Completions API, for n8n's OpenAI Chat Model node (Use Responses
 * API off) pointed at it through the `openAiApi` credential's Base URL. It plays a model that
 * always uses its tool once: the first request of a conversation is answered with a `tool_calls`
 * message calling the first tool offered (every string argument of the tool's JSON schema set
 * to the user's last message), and a request holding the tool's answer (a `tool` message) is
 * answered with a final text that quotes it. Streaming (`stream: true`) is answered as OpenAI
 * streams, in server-sent events. Every request is recorded, so a test can read what the agent
 * handed the model.
 */

export interface ChatMessage {
	role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
	name?: string;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface OfferedTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: JsonSchema };
}

interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	enum?: unknown[];
	[key: string]: unknown;
}

export interface ChatCompletionRequest {
	model: string;
	messages: ChatMessage[];
	tools?: OfferedTool[];
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	[key: string]: unknown;
}

export interface RecordedChatRequest {
	method: string;
	path: string;
	/** The bearer token sent, if any (the credential's API key). */
	apiKey?: string;
	body?: ChatCompletionRequest;
	/** What the stand-in answered a chat completion: a text, or tool calls. */
	reply?: Reply;
}

/** What the final answer says around the tool's answer. */
export const FINAL_ANSWER_PREFIX = 'Done. The image tool answered: ';

export const STANDIN_MODEL = 'gpt-standin-1';

export class OpenAiStandin {
	readonly requests: RecordedChatRequest[] = [];
	private server?: Server;
	private port = 0;

	/** The `openAiApi` credential's Base URL (`url`): the `/v1` root, as OpenAI's own. */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	async start(): Promise<void> {
		this.server = createServer((request, response) => {
			this.handle(request, response).catch((error: Error) => {
				if (!response.headersSent) sendError(response, 500, error.message, 'server_error');
				else response.end();
			});
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(0, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** The chat completion requests received from the `start`-th request on, in order. */
	completionsSince(start: number): RecordedChatRequest[] {
		return this.requests
			.slice(start)
			.filter((request) => request.path === '/v1/chat/completions' && request.body);
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = (request.url ?? '/').split('?')[0];
		const text = await readBody(request);
		const authorization = request.headers.authorization;
		const recorded: RecordedChatRequest = {
			method: request.method ?? 'GET',
			path,
			apiKey: authorization?.replace(/^Bearer\s+/i, ''),
		};
		this.requests.push(recorded);

		if (request.method === 'GET' && path === '/v1/models') {
			sendJson(response, 200, {
				object: 'list',
				data: [{ id: STANDIN_MODEL, object: 'model', created: 1_700_000_000, owned_by: 'standin' }],
			});
			return;
		}
		if (request.method !== 'POST' || path !== '/v1/chat/completions') {
			sendError(
				response,
				404,
				`Unknown request to ${request.method} ${path}`,
				'invalid_request_error',
			);
			return;
		}
		if (!authorization) {
			sendError(response, 401, 'You did not provide an API key.', 'invalid_request_error');
			return;
		}
		let body: ChatCompletionRequest;
		try {
			body = JSON.parse(text) as ChatCompletionRequest;
		} catch {
			sendError(
				response,
				400,
				'We could not parse the JSON body of your request.',
				'invalid_request_error',
			);
			return;
		}
		recorded.body = body;
		if (!Array.isArray(body.messages) || body.messages.length === 0) {
			sendError(response, 400, "Missing required parameter: 'messages'.", 'invalid_request_error');
			return;
		}

		const reply = this.reply(body);
		recorded.reply = reply;
		const completion = {
			id: `chatcmpl-${randomUUID()}`,
			created: Math.floor(Date.now() / 1000),
			model: body.model || STANDIN_MODEL,
		};
		const usage = usageOf(body, reply);
		if (body.stream) {
			streamCompletion(
				response,
				completion,
				reply,
				body.stream_options?.include_usage ? usage : undefined,
			);
			return;
		}
		sendJson(response, 200, {
			...completion,
			object: 'chat.completion',
			choices: [
				{
					index: 0,
					message: {
						role: 'assistant',
						content: reply.content,
						...(reply.toolCalls ? { tool_calls: reply.toolCalls } : {}),
						refusal: null,
					},
					logprobs: null,
					finish_reason: reply.toolCalls ? 'tool_calls' : 'stop',
				},
			],
			usage,
		});
	}

	/** The model's turn: a tool call first, then (with the tool's answer in hand) the final text. */
	private reply(body: ChatCompletionRequest): Reply {
		const toolAnswers = body.messages.filter((message) => message.role === 'tool');
		if (toolAnswers.length > 0) {
			const quoted = toolAnswers.map((message) => textOf(message.content)).join('\n');
			return { content: `${FINAL_ANSWER_PREFIX}${quoted}` };
		}
		const tool = body.tools?.[0];
		const userText = textOf(
			[...body.messages].reverse().find((message) => message.role === 'user')?.content,
		).trim();
		if (!tool) return { content: `No tool to call. You said: ${userText}` };
		return {
			content: null,
			toolCalls: [
				{
					id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
					type: 'function',
					function: {
						name: tool.function.name,
						arguments: JSON.stringify(argumentsFor(tool.function.parameters, userText)),
					},
				},
			],
		};
	}
}

export interface Reply {
	content: string | null;
	toolCalls?: ToolCall[];
}

/** Fills a tool's arguments as its schema asks: every string is the user's request. */
export function argumentsFor(
	schema: JsonSchema | undefined,
	userText: string,
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [name, property] of Object.entries(schema?.properties ?? {})) {
		result[name] = valueFor(property, userText);
	}
	return result;
}

function valueFor(schema: JsonSchema, userText: string): unknown {
	if (schema.enum?.length) return schema.enum[0];
	const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'string'];
	if (types.includes('string')) return userText;
	if (types.includes('integer') || types.includes('number')) return 1;
	if (types.includes('boolean')) return false;
	if (types.includes('array')) return [];
	if (types.includes('object')) return argumentsFor(schema, userText);
	return userText;
}

/** A message's text, whether sent as a string or as content parts. */
export function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

function usageOf(body: ChatCompletionRequest, reply: Reply) {
	const words = (text: string) => Math.max(1, Math.ceil(text.length / 4));
	const prompt_tokens = body.messages.reduce(
		(sum, message) => sum + words(textOf(message.content)),
		0,
	);
	const completion_tokens = words(reply.content ?? JSON.stringify(reply.toolCalls));
	return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** OpenAI's stream: a role delta, the content or the tool call, the finish reason, [DONE]. */
function streamCompletion(
	response: ServerResponse,
	completion: { id: string; created: number; model: string },
	reply: Reply,
	usage: ReturnType<typeof usageOf> | undefined,
): void {
	response.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
		response.write(
			`data: ${JSON.stringify({ ...completion, object: 'chat.completion.chunk', choices, ...extra })}\n\n`,
		);
	const delta = (value: Record<string, unknown>, finish: string | null = null) =>
		chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);

	delta({ role: 'assistant', content: reply.toolCalls ? null : '' });
	if (reply.toolCalls) {
		for (const [index, call] of reply.toolCalls.entries()) {
			delta({
				tool_calls: [
					{
						index,
						id: call.id,
						type: 'function',
						function: { name: call.function.name, arguments: '' },
					},
				],
			});
			delta({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
		}
	} else {
		// In a few pieces, as a model streams.
		const text = reply.content ?? '';
		const size = Math.max(1, Math.ceil(text.length / 4));
		for (let start = 0; start < text.length; start += size) {
			delta({ content: text.slice(start, start + size) });
		}
	}
	delta({}, reply.toolCalls ? 'tool_calls' : 'stop');
	if (usage) chunk([], { usage });
	response.end('data: [DONE]\n\n');
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	response.end(text);
}

/** An error as OpenAI shapes it. */
function sendError(response: ServerResponse, status: number, message: string, type: string): void {
	sendJson(response, status, { error: { message, type, param: null, code: null } });
}
