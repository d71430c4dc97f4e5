import type {
	GenerateContentResponseUsageMetadata as UsageMetadata,
	GroundingChunk,
	ModalityTokenCount,
	Part,
} from '@google/genai';

import { BLOCK_REASONS } from '../generateContent/reasons';
import type { GeneratedContent } from '../generateContent/response';

/**
 * An interaction as the endpoint sent it, read defensively: whatever answers at the Base URL
 * may send any shape, so every field is checked before use.
 */
type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isJson) : []);
const text = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : undefined;
const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
const count = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Google's own words when it withholds an image: on generateContent they come with a finish
 * reason, on the Interactions API as the model's text only.
 */
const REFUSALS: Array<[RegExp, string]> = [
	[/filtered out because it violated/i, 'IMAGE_SAFETY'],
	[/filtered out because it contained prohibited content/i, 'IMAGE_PROHIBITED_CONTENT'],
	[/could not generate the image based on the prompt/i, 'IMAGE_OTHER'],
];

function modalities(entries: unknown): ModalityTokenCount[] | undefined {
	const counted = list(entries).map((entry) => ({
		modality: (text(entry.modality) ?? '').toUpperCase(),
		tokenCount: count(entry.tokens),
	}));
	return counted.length > 0 ? (counted as ModalityTokenCount[]) : undefined;
}

/** The interaction's usage in generateContent's words, so downstream nodes read one shape. */
function usageOf(usage: unknown): UsageMetadata | undefined {
	if (!isJson(usage)) return undefined;
	const metadata: UsageMetadata = {
		promptTokenCount: count(usage.total_input_tokens),
		candidatesTokenCount: count(usage.total_output_tokens),
		thoughtsTokenCount: count(usage.total_thought_tokens),
		cachedContentTokenCount: count(usage.total_cached_tokens),
		totalTokenCount: count(usage.total_tokens),
		promptTokensDetails: modalities(usage.input_tokens_by_modality),
		candidatesTokensDetails: modalities(usage.output_tokens_by_modality),
	};
	const entries = Object.entries(metadata).filter(([, value]) => value !== undefined);
	return entries.length > 0 ? (Object.fromEntries(entries) as UsageMetadata) : undefined;
}

/**
 * A blocked prompt: the SDK's `prompt_feedback.block_reason`, or a failed interaction whose
 * error code is a block reason (`image_safety`, …), so it reads as generateContent's block.
 */
function blockOf(ix: Json, errors: Json[]) {
	const feedback = isJson(ix.prompt_feedback) ? ix.prompt_feedback : {};
	const reason = text(feedback.block_reason);
	if (reason) return { reason, message: text(feedback.block_reason_message) };
	const code = text(errors[0]?.code);
	if (ix.status === 'failed' && code && Object.hasOwn(BLOCK_REASONS, code.toUpperCase()))
		return { reason: code, message: text(errors[0]?.message) };
	return undefined;
}

function finishOf(status: string, answerText: string, errors: Json[]) {
	const error = errors[0];
	if (status === 'completed') {
		const refusal = REFUSALS.find(([pattern]) => pattern.test(answerText));
		return { reason: refusal?.[1] ?? 'STOP', message: refusal ? answerText : undefined };
	}
	const message = text(error?.message);
	if (status === 'incomplete' || status === 'budget_exceeded')
		return { reason: 'MAX_TOKENS', message };
	return { reason: text(error?.code) ?? status.toUpperCase(), message };
}

/**
 * Reads an interaction the way readGeneratedContent reads a generateContent answer: the
 * answer image, text and thoughts, the finish, usage and grounding. Pure.
 */
export function readInteractionContent(interaction: unknown): GeneratedContent {
	const ix = isJson(interaction) ? interaction : {};
	const parts: Part[] = [];
	const answerTexts: string[] = [];
	const thoughtTexts: string[] = [];
	const chunks: GroundingChunk[] = [];
	const queries: string[] = [];
	let entryPoint: string | undefined;
	let image: GeneratedContent['image'];
	const errors = list(ix.errors);

	for (const step of list(ix.steps)) {
		if (step.type === 'thought') {
			for (const summary of list(step.summary)) {
				const summaryText = text(summary.text);
				if (summaryText) {
					thoughtTexts.push(summaryText);
					parts.push({ thought: true, text: summaryText });
				} else if (text(summary.data)) {
					const mimeType = text(summary.mime_type) ?? 'image/png';
					parts.push({ thought: true, inlineData: { data: text(summary.data), mimeType } });
				}
			}
		} else if (step.type === 'google_search_call' && isJson(step.arguments)) {
			queries.push(...strings(step.arguments.queries));
		} else if (step.type === 'google_search_result') {
			entryPoint ??= list(step.result)
				.map((r) => text(r.search_suggestions))
				.find(Boolean);
		} else if (step.type === 'model_output') {
			if (isJson(step.error)) errors.push(step.error);
			for (const content of list(step.content)) {
				const data = text(content.data);
				if (content.type === 'image' && data) {
					const mimeType = text(content.mime_type) ?? 'application/octet-stream';
					image = { mimeType, data };
					parts.push({ inlineData: { data, mimeType } });
				} else if (content.type === 'text' && text(content.text)) {
					answerTexts.push(text(content.text) as string);
					parts.push({ text: text(content.text) });
					for (const note of list(content.annotations)) {
						if (note.type === 'url_citation' && text(note.url)) {
							chunks.push({ web: { uri: text(note.url), title: text(note.title) ?? '' } });
						}
					}
				}
			}
		}
	}
	const answerText = answerTexts.join('\n').trim();
	const block = blockOf(ix, errors);
	const finish = block ?? finishOf(text(ix.status) ?? '', answerText, errors);
	const grounded = chunks.length > 0 || queries.length > 0 || entryPoint !== undefined;
	return {
		image,
		text: answerText,
		thoughts: thoughtTexts.join('\n').trim(),
		finishReason: block ? undefined : finish.reason,
		finishMessage: block ? undefined : finish.message,
		blockReason: block?.reason,
		blockReasonMessage: block?.message,
		usage: usageOf(ix.usage),
		modelVersion: text(ix.model),
		responseId: text(ix.id),
		grounding: grounded
			? {
					groundingChunks: chunks,
					webSearchQueries: queries,
					...(entryPoint ? { searchEntryPoint: { renderedContent: entryPoint } } : {}),
				}
			: undefined,
		modelParts: parts,
	};
}
