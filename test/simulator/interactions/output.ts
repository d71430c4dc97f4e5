/**
 * A generateContent answer as an interaction's outcome: status, the model's steps (thought with
 * its signature, search call and result, model_output), usage and errors. The model turn is kept
 * in generateContent's words, signatures included, as the history a continuation sends on.
 */
import { inputImageTokens } from '../generate/usage';
import type { ModelSpec } from '../models/table';
import type { Content, Part } from '../generate/request-shape';

type Json = Record<string, any>;
export type InteractionStatus = 'in_progress' | 'completed' | 'failed' | 'cancelled';

export interface InteractionOutcome {
	status: InteractionStatus;
	steps: Json[];
	usage?: Json;
	errors?: Array<{ code: string; message: string }>;
	/** The model's turn as generateContent gave it; absent when the answer had no parts. */
	modelTurn?: Content;
}

const BLOCK_MESSAGES: Record<string, string> = {
	PROHIBITED_CONTENT: 'The prompt was blocked because it contains prohibited content.',
	SAFETY: 'The prompt was blocked for safety reasons.',
};
const NO_IMAGE_TEXT =
	'The model did not generate an image for this prompt. You will not be charged for it. Try rephrasing the prompt.';

function content(part: Part): Json {
	if (part.inlineData) {
		return { type: 'image', data: part.inlineData.data, mime_type: part.inlineData.mimeType };
	}
	return { type: 'text', text: part.text };
}

/** Web chunks the answer text cites, as url_citation annotations. */
function citations(grounding: Json | undefined): Json[] {
	const chunks: Json[] = grounding?.groundingChunks ?? [];
	const out: Json[] = [];
	for (const support of grounding?.groundingSupports ?? []) {
		for (const index of support.groundingChunkIndices ?? []) {
			const web = chunks[index]?.web;
			if (!web) continue;
			const { startIndex, endIndex } = support.segment ?? {};
			out.push({
				type: 'url_citation',
				url: web.uri,
				title: web.title,
				start_index: startIndex,
				end_index: endIndex,
			});
		}
	}
	return out;
}

/** One google_search_call and its result per search type; the widget comes with the first. */
function searchSteps(grounding: Json | undefined): Json[] {
	if (!grounding) return [];
	const calls: Array<[string, string[]]> = [];
	if (grounding.webSearchQueries) calls.push(['web_search', grounding.webSearchQueries]);
	if (grounding.imageSearchQueries) calls.push(['image_search', grounding.imageSearchQueries]);
	return calls.flatMap(([searchType, queries], i) => {
		const id = `call_${i + 1}`;
		const widget = grounding.searchEntryPoint?.renderedContent;
		return [
			{ type: 'google_search_call', id, search_type: searchType, arguments: { queries } },
			{
				type: 'google_search_result',
				call_id: id,
				result: i === 0 && widget ? [{ search_suggestions: widget }] : [],
			},
		];
	});
}

function modalities(details: Json[] | undefined): Json[] | undefined {
	return details?.map((d) => ({
		modality: String(d.modality).toLowerCase(),
		tokens: d.tokenCount,
	}));
}

function usageOf(metadata: Json, cachedTokens: number): Json {
	const usage: Json = {
		total_input_tokens: metadata.promptTokenCount ?? 0,
		total_output_tokens: metadata.candidatesTokenCount ?? 0,
		total_thought_tokens: metadata.thoughtsTokenCount ?? 0,
		total_tokens: metadata.totalTokenCount ?? 0,
	};
	if (cachedTokens > 0) usage.total_cached_tokens = cachedTokens;
	const input = modalities(metadata.promptTokensDetails);
	if (input) usage.input_tokens_by_modality = input;
	const output = modalities(metadata.candidatesTokensDetails);
	if (output) usage.output_tokens_by_modality = output;
	return usage;
}

/** What the history (earlier turns) costs as prompt tokens: counted as cached on a continuation. */
export function historyTokens(model: ModelSpec, history: readonly Content[]): number {
	let chars = 0;
	let images = 0;
	for (const part of history.flatMap((c) => c.parts ?? [])) {
		if (typeof part.text === 'string') chars += part.text.length;
		if (part.inlineData || part.fileData) images++;
	}
	return Math.ceil(chars / 4) + images * inputImageTokens(model);
}

/** The steps of a thought: the signature of the turn (its image's, else its first part's). */
function thoughtStep(parts: Part[]): Json | undefined {
	const answer = parts.filter((p) => p.thought !== true);
	const signature = (answer.find((p) => p.inlineData) ?? answer[0])?.thoughtSignature;
	const summary = parts.filter((p) => p.thought === true).map(content);
	if (signature === undefined && summary.length === 0) return undefined;
	return {
		type: 'thought',
		...(signature ? { signature } : {}),
		...(summary.length ? { summary } : {}),
	};
}

export function interactionOutcome(answer: Json, cachedTokens: number): InteractionOutcome {
	const usage = usageOf(answer.usageMetadata ?? {}, cachedTokens);
	const block = answer.promptFeedback?.blockReason;
	if (block) {
		const message = BLOCK_MESSAGES[block] ?? `The prompt was blocked (${block}).`;
		return { status: 'failed', steps: [], usage, errors: [{ code: block, message }] };
	}
	const candidate: Json = answer.candidates?.[0] ?? {};
	const parts: Part[] = candidate.content?.parts ?? [];
	if (parts.length === 0) {
		// Filtered images leave only Google's finish message; NO_IMAGE has none, so one is written.
		const text = candidate.finishMessage ?? NO_IMAGE_TEXT;
		return {
			status: 'completed',
			steps: [{ type: 'model_output', content: [{ type: 'text', text }] }],
			usage,
		};
	}
	const notes = citations(candidate.groundingMetadata);
	const output = parts.filter((p) => p.thought !== true).map(content);
	const firstText = output.find((c) => c.type === 'text');
	if (firstText && notes.length > 0) firstText.annotations = notes;
	const thought = thoughtStep(parts);
	const steps = [
		...(thought ? [thought] : []),
		...searchSteps(candidate.groundingMetadata),
		{ type: 'model_output', content: output },
	];
	return { status: 'completed', steps, usage, modelTurn: { role: 'model', parts } };
}
