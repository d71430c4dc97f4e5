/**
 * generateContent and streamGenerateContent on Vertex AI's paths:
 *   POST /{v}/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent
 *   POST /{v}/publishers/google/models/{model}:generateContent   (express mode: the key's project, global)
 * After Vertex AI's own checks (credential, project, location) the request goes through the
 * Gemini API's pipeline (generate/generation.ts): the same validation, markers, images and signatures.
 * Vertex AI adds its image options, createTime and usageMetadata.trafficType, answers 429s
 * without RetryInfo, and streams end with an empty text part.
 */
import { GoogleApiError } from '../server/google-errors';
import { JSON_TYPE, sendJson, sleep, type Exchange } from '../server/http-util';
import { applyImageOutput, type ImageOutput } from '../images/output';
import { readJsonBody } from '../server/json-body';
import { prepareGeneration, runGeneration, type Generation } from '../generate/generation';
import type { SimulatorState } from '../server/state';
import { sendTruncated } from '../server/transport-faults';
import { authenticateVertex, checkProject, vertexMethod } from './auth';
import { vertexResourceExhausted } from './errors';
import { vertexModel } from './models';
import {
	CLOUD_STORAGE,
	checkQualityApplies,
	checkVertexFileUris,
	readVertexRequest,
	type VertexImageOptions,
} from './request';

export interface VertexTarget {
	apiVersion: string;
	/** Absent on the express-mode path: the key's project, location global. */
	project?: string;
	location?: string;
	model: string;
}

/** Vertex AI's createTime, to the microsecond. */
function createTime(): string {
	const now = new Date().toISOString();
	return `${now.slice(0, -1)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`;
}

function vertexAnswer(answer: Record<string, unknown>): Record<string, unknown> {
	const { responseId, ...rest } = answer;
	const usage = rest.usageMetadata as Record<string, unknown> | undefined;
	return {
		...rest,
		...(usage ? { usageMetadata: { ...usage, trafficType: 'ON_DEMAND' } } : {}),
		createTime: createTime(),
		responseId,
	};
}

/**
 * Steers the pipeline to the asked format: a PNG it draws itself, a JPEG at the default quality
 * from its own live-size encoder; JPEG at a quality and WebP are encoded from its PNG afterwards
 * (the returned output). An explicit format wins over [sim:jpeg].
 */
function steerOutput(generation: Generation, options: VertexImageOptions): ImageOutput | undefined {
	const { model, scenario } = generation;
	if (!model.image) return undefined;
	const native = scenario.jpeg || model.image.answerType === 'jpeg' ? 'image/jpeg' : 'image/png';
	const mimeType = options.mimeType ?? native;
	checkQualityApplies(options, mimeType === 'image/png');
	if (options.mimeType === undefined && options.quality === undefined) return undefined;
	const pipelineJpeg = mimeType === 'image/jpeg' && options.quality === undefined;
	generation.model = {
		...model,
		image: { ...model.image, answerType: pipelineJpeg ? 'jpeg' : 'png' },
	};
	generation.scenario = { ...scenario, jpeg: false };
	return mimeType === 'image/png' || pipelineJpeg
		? undefined
		: { mimeType, quality: options.quality };
}

/** Vertex AI says its own 429: no QuotaFailure, no RetryInfo. */
function vertexError(error: unknown): unknown {
	return error instanceof GoogleApiError && error.code === 429 ? vertexResourceExhausted() : error;
}

/**
 * The stream: the answer's parts, then a last chunk with an empty text part, the finishReason,
 * the grounding and the usage, as Vertex AI ends its streams. Answers without parts (refusals,
 * blocked prompts) come as one chunk.
 */
function streamChunks(answer: Record<string, unknown>): Record<string, unknown>[] {
	const candidates = answer.candidates as Array<Record<string, unknown>> | undefined;
	const candidate = candidates?.[0];
	const parts = (candidate?.content as { parts?: unknown[] } | undefined)?.parts;
	if (!candidate || !parts?.length) return [answer];
	const { content, finishReason, groundingMetadata, ...other } = candidate;
	const { usageMetadata, ...envelope } = answer;
	const last: Record<string, unknown> = {
		...other,
		content: { role: 'model', parts: [{ text: '' }] },
		finishReason,
	};
	if (groundingMetadata) last.groundingMetadata = groundingMetadata;
	return [
		{ ...envelope, candidates: [{ content }] },
		{ ...envelope, candidates: [last], usageMetadata },
	];
}

function sendStream(ex: Exchange, answer: Record<string, unknown>): void {
	if (ex.signal.aborted || ex.res.headersSent) return;
	const chunks = streamChunks(answer);
	const sse = ex.url.searchParams.get('alt') === 'sse';
	const text = sse
		? chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('')
		: JSON.stringify(chunks);
	ex.res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : JSON_TYPE });
	ex.res.end(text);
	if (ex.record) ex.record.status = 200;
}

/**
 * A PredictionService call's first checks: the credential, then the project it may call. In
 * express mode the project is the key's and the location global.
 */
export function openVertexCall(
	ex: Exchange,
	state: SimulatorState,
	target: VertexTarget,
	rpc: string,
) {
	const method = vertexMethod(target.apiVersion, 'PredictionService', rpc);
	const principal = authenticateVertex(ex, state.vertex, { method, acceptsKeys: true });
	const project = target.project ?? principal.project;
	const location = target.location ?? 'global';
	const resource = `projects/${project}/locations/${location}/publishers/google/models/${target.model}`;
	if (ex.record) {
		ex.record.project = project;
		ex.record.location = location;
	}
	checkProject(principal, project, resource);
	return { project, location, resource };
}

export async function handleVertexGenerate(
	ex: Exchange,
	state: SimulatorState,
	target: VertexTarget,
	stream: boolean,
): Promise<void> {
	const rpc = stream ? 'StreamGenerateContent' : 'GenerateContent';
	const { project, location, resource } = openVertexCall(ex, state, target, rpc);
	const body = await readJsonBody(ex);
	if (!(await sleep(state.latencyMs, ex.signal))) return;
	const model = vertexModel(target.model, state, location, resource);
	if (state.quota.admit(`vertex:${project}`, model.id)) throw vertexResourceExhausted();
	const { request, options } = readVertexRequest(body, target.apiVersion);
	checkVertexFileUris(request);
	const generation = prepareGeneration(state, request, model, CLOUD_STORAGE);
	const output = steerOutput(generation, options);
	const result = await runGeneration(ex, generation, state).catch((error: unknown) => {
		throw vertexError(error);
	});
	if (!result) return;
	if (output) await applyImageOutput(result.answer, output, state.imageSignatureBytes);
	const answer = vertexAnswer(result.answer);
	if (result.truncate) sendTruncated(ex, answer);
	else if (stream) sendStream(ex, answer);
	else sendJson(ex, 200, answer);
}
