import type {
	GenerateContentResponse,
	GenerateContentResponseUsageMetadata,
	GroundingMetadata,
	Part,
} from '@google/genai';

import type { ReasonWords } from './reasons';
import {
	BLOCK_REASONS,
	FINISH_REASONS,
	SAFETY_REASONS,
	unknownBlock,
	unknownFinish,
} from './reasons';

export interface ImageData {
	mimeType: string;
	/** Base64, as the API sends it. */
	data: string;
}

/** What one generateContent answer holds, thoughts kept apart from the answer. */
export interface GeneratedContent {
	/** The answer image: the last image part that is not a thought. */
	image?: ImageData;
	text: string;
	thoughts: string;
	finishReason?: string;
	finishMessage?: string;
	blockReason?: string;
	blockReasonMessage?: string;
	usage?: GenerateContentResponseUsageMetadata;
	modelVersion?: string;
	responseId?: string;
	grounding?: GroundingMetadata;
	/** The model's turn exactly as received (thought signatures included), for multi-turn. */
	modelParts: Part[];
}

function imageOf(part: Part): ImageData | undefined {
	const inline = part.inlineData;
	if (!inline?.data) return undefined;
	return { mimeType: inline.mimeType ?? 'application/octet-stream', data: inline.data };
}

/** Reads the parts directly: the SDK's `text`/`data` getters mix thoughts into the answer. */
export function readGeneratedContent(response: GenerateContentResponse): GeneratedContent {
	const candidate = response.candidates?.[0];
	const parts = candidate?.content?.parts ?? [];
	const answerTexts: string[] = [];
	const thoughtTexts: string[] = [];
	let image: ImageData | undefined;

	for (const part of parts) {
		const partImage = imageOf(part);
		if (part.thought) {
			if (!partImage && part.text) thoughtTexts.push(part.text);
		} else if (partImage) {
			image = partImage;
		} else if (part.text) {
			answerTexts.push(part.text);
		}
	}

	return {
		image,
		text: answerTexts.join('\n').trim(),
		thoughts: thoughtTexts.join('\n').trim(),
		finishReason: candidate?.finishReason,
		finishMessage: candidate?.finishMessage,
		blockReason: response.promptFeedback?.blockReason,
		blockReasonMessage: response.promptFeedback?.blockReasonMessage,
		usage: response.usageMetadata,
		modelVersion: response.modelVersion,
		responseId: response.responseId,
		grounding: candidate?.groundingMetadata,
		modelParts: parts,
	};
}

/** Why an answer has no image, in words a user can act on. */
export interface MissingImage {
	/** Google's code: a finish reason, a block reason, or TEXT_ONLY / NO_CANDIDATE. */
	reason: string;
	summary: string;
	/** The model's own words, where it gave any. */
	modelMessage?: string;
	hint: string;
	retryable: boolean;
}

/** The table's words for a reason; Interactions sends block reasons in lowercase. */
const wordsOf = (table: Readonly<Record<string, ReasonWords>>, reason: string) =>
	Object.hasOwn(table, reason.toUpperCase()) ? table[reason.toUpperCase()] : undefined;

export function explainMissingImage(content: GeneratedContent): MissingImage {
	if (content.blockReason) {
		const sent = content.blockReason;
		const known = wordsOf(BLOCK_REASONS, sent);
		// A known reason in the table's (generateContent's) spelling, an unknown one as sent.
		const reason = known ? sent.toUpperCase() : sent;
		return { reason, ...(known ?? unknownBlock(sent)), modelMessage: content.blockReasonMessage };
	}
	const modelMessage = content.finishMessage || content.text || undefined;
	const sent = content.finishReason;
	if (!sent) {
		return {
			reason: 'NO_CANDIDATE',
			summary: 'the answer held no candidate',
			modelMessage,
			hint: 'Run again; if it keeps happening, check the model id.',
			retryable: true,
		};
	}
	// STOP without an image: the model chose to answer in words.
	const said = sent === 'STOP' ? 'TEXT_ONLY' : sent;
	const known = wordsOf(FINISH_REASONS, said);
	const reason = known ? said.toUpperCase() : said;
	const words = known ?? unknownFinish(said);
	// Google's own message usually says so already; say it only where it does not.
	const charge =
		SAFETY_REASONS.has(reason) && !/charged/i.test(modelMessage ?? '')
			? 'Blocked images are not charged. '
			: '';
	return { reason, ...words, hint: `${charge}${words.hint}`, modelMessage };
}
