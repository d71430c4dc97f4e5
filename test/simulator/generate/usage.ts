/** Token counts in the shape of usageMetadata. Approximate, but in Google's proportions. */
import type { ModelSpec } from '../models/table';

/** Output tokens per image, from Google's pricing pages (an image is billed as tokens). */
export function imageOutputTokens(model: ModelSpec, imageSize: string): number {
	if (model.image?.pixelTable === 'flash-2.5') return 1290;
	if (model.image?.thinkingAlwaysOn) return imageSize === '4K' ? 2000 : 1120;
	const bySize: Record<string, number> = { '512': 560, '1K': 1120, '2K': 1680, '4K': 2520 };
	return bySize[imageSize] ?? 1120;
}

/** An input image costs 258 tokens on Gemini 2.5, and 1120 on Gemini 3 at default resolution. */
export function inputImageTokens(model: ModelSpec): number {
	return model.image?.pixelTable === 'flash-2.5' ? 258 : 1120;
}

export function textTokens(text: string): number {
	return Math.ceil(text.length / 4);
}

export interface UsageInput {
	promptTextChars: number;
	promptImages: number;
	answerText: string;
	answerImages: number;
	imageSize: string;
	thoughtsTokens?: number;
}

export function usageMetadata(model: ModelSpec, input: UsageInput): Record<string, unknown> {
	const promptText = Math.max(1, Math.ceil(input.promptTextChars / 4));
	const promptImage = input.promptImages * inputImageTokens(model);
	const promptTokensDetails: Array<{ modality: string; tokenCount: number }> = [
		{ modality: 'TEXT', tokenCount: promptText },
	];
	if (promptImage > 0) promptTokensDetails.push({ modality: 'IMAGE', tokenCount: promptImage });
	const answerText = input.answerText ? textTokens(input.answerText) : 0;
	const answerImage = input.answerImages * imageOutputTokens(model, input.imageSize);
	const candidatesTokensDetails: Array<{ modality: string; tokenCount: number }> = [];
	if (answerImage > 0) candidatesTokensDetails.push({ modality: 'IMAGE', tokenCount: answerImage });
	if (answerText > 0) candidatesTokensDetails.push({ modality: 'TEXT', tokenCount: answerText });

	const promptTokenCount = promptText + promptImage;
	const candidatesTokenCount = answerText + answerImage;
	const thoughts = input.thoughtsTokens ?? 0;
	const usage: Record<string, unknown> = { promptTokenCount };
	if (candidatesTokenCount > 0) usage.candidatesTokenCount = candidatesTokenCount;
	usage.totalTokenCount = promptTokenCount + candidatesTokenCount + thoughts;
	usage.promptTokensDetails = promptTokensDetails;
	if (candidatesTokensDetails.length > 0) usage.candidatesTokensDetails = candidatesTokensDetails;
	if (thoughts > 0) usage.thoughtsTokenCount = thoughts;
	usage.serviceTier = 'standard';
	return usage;
}
