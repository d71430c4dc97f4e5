import type {
	GenerateContentResponse,
	GenerateContentResponseUsageMetadata,
	GroundingMetadata,
	Part,
} from '@google/genai';

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

const SAFETY_REASONS = new Set([
	'SAFETY',
	'IMAGE_SAFETY',
	'PROHIBITED_CONTENT',
	'IMAGE_PROHIBITED_CONTENT',
	'BLOCKLIST',
	'SPII',
]);
const RECITATION_REASONS = new Set(['RECITATION', 'IMAGE_RECITATION']);

const REPHRASE = 'Rephrase the prompt (or change the input images) and run again.';

export function explainMissingImage(content: GeneratedContent): MissingImage {
	if (content.blockReason) {
		return {
			reason: content.blockReason,
			summary: `the prompt was blocked (${content.blockReason})`,
			modelMessage: content.blockReasonMessage,
			hint: `Google blocked the prompt before generating. ${REPHRASE}`,
			retryable: false,
		};
	}
	const modelMessage = content.finishMessage || content.text || undefined;
	const reason = content.finishReason;
	if (!reason) {
		return {
			reason: 'NO_CANDIDATE',
			summary: 'the answer held no candidate',
			modelMessage,
			hint: 'Run again; if it keeps happening, check the model id.',
			retryable: true,
		};
	}
	if (SAFETY_REASONS.has(reason)) {
		// Google's own message usually says so already; say it only where it does not.
		const charge = /charged/i.test(modelMessage ?? '') ? '' : 'Blocked images are not charged. ';
		return {
			reason,
			summary: `the model refused for safety reasons (${reason})`,
			modelMessage,
			hint: `${charge}${REPHRASE}`,
			retryable: false,
		};
	}
	if (RECITATION_REASONS.has(reason)) {
		return {
			reason,
			summary: `the image would have recited protected content (${reason})`,
			modelMessage,
			hint: REPHRASE,
			retryable: false,
		};
	}
	if (reason === 'STOP') {
		return {
			reason: 'TEXT_ONLY',
			summary: 'the model answered with text only',
			modelMessage,
			hint: `Ask for an image explicitly in the prompt, or ${REPHRASE.toLowerCase()}`,
			retryable: true,
		};
	}
	if (reason === 'MAX_TOKENS') {
		return {
			reason,
			summary: 'the answer hit the output token limit before an image was made',
			modelMessage,
			hint: 'Shorten the prompt or the system instruction and run again.',
			retryable: false,
		};
	}
	return {
		reason,
		summary: `the model made no image (${reason})`,
		modelMessage,
		hint: `Run again; if it keeps happening, ${REPHRASE.toLowerCase()}`,
		retryable: true,
	};
}
