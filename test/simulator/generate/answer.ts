/** Builds the 200 answer of generateContent: candidates, parts, signatures, usage. */
import { createHash } from 'node:crypto';
import { randomId } from '../files/store';
import { groundingMetadata } from './grounding';
import { renderImage } from '../images/picture';
import { stripMarkers, type Scenario } from './markers';
import { usesThoughtSignatures, type ModelSpec } from '../models/table';
import { closestRatio, expectedPixelSize } from '../models/pixel-sizes';
import { signPart } from './signatures';
import { simulatedCaption, type ImageCaption } from '../images/caption-layout';
import { usageMetadata } from './usage';
import type { ContentsSummary } from './validate-contents';
import type { OutputSettings } from './validate-config';

export interface AnswerInput {
	model: ModelSpec;
	settings: OutputSettings;
	contents: ContentsSummary;
	scenario: Scenario;
	/** Filler bytes of an image part's signature (live answers: about 448,000). */
	imageSignatureBytes: number;
	/** Which user turn this answers (Interactions API continuations); the text names it past 1. */
	turn?: number;
}

type OutPart = Record<string, unknown>;

/** Google's finishMessage for each image finish reason. */
export const FINISH_MESSAGES = {
	IMAGE_SAFETY:
		"Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You will not be charged for blocked images.",
	IMAGE_PROHIBITED_CONTENT:
		'Unable to show the generated image. The image was filtered out because it contained prohibited content. You will not be charged for blocked images.',
	IMAGE_OTHER:
		'Unable to show the generated image. The model could not generate the image based on the prompt provided. You will not be charged for blocked images. Try rephrasing the prompt.',
};

const THOUGHT_TEXT =
	'**Planning the composition**\n\nI am working out the layout, the palette and the lighting the prompt asks for before drawing the final image.';

function summary(prompt: string): string {
	const words = stripMarkers(prompt);
	return words.length > 80 ? `${words.slice(0, 77)}...` : words || 'your image';
}

function responseEnvelope(
	model: ModelSpec,
	body: Record<string, unknown>,
): Record<string, unknown> {
	return {
		...body,
		modelVersion: model.id,
		responseId: randomId(20, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
	};
}

/** How many thinking tokens the model "spent"; absent when it did not think. */
function thoughtsTokens(input: AnswerInput): number | undefined {
	const { model, settings } = input;
	if (!model.image?.thinkingLevels) return undefined;
	if (model.image.thinkingAlwaysOn) return 412;
	const level = settings.thinkingLevel ?? model.image.defaultThinkingLevel;
	if (settings.includeThoughts || level === 'HIGH') return 236;
	if (level === 'MEDIUM') return 118;
	return undefined;
}

function promptFeedback(scenario: Scenario): Record<string, unknown> {
	if (scenario.block === 'blocked') return { blockReason: 'PROHIBITED_CONTENT' };
	const rating = (category: string, probability: string): Record<string, unknown> => ({
		category,
		probability,
	});
	return {
		blockReason: 'SAFETY',
		safetyRatings: [
			rating('HARM_CATEGORY_SEXUALLY_EXPLICIT', 'NEGLIGIBLE'),
			rating('HARM_CATEGORY_HATE_SPEECH', 'NEGLIGIBLE'),
			rating('HARM_CATEGORY_HARASSMENT', 'NEGLIGIBLE'),
			{ ...rating('HARM_CATEGORY_DANGEROUS_CONTENT', 'HIGH'), blocked: true },
		],
	};
}

function outputSize(input: AnswerInput): { width: number; height: number; imageSize: string } {
	const { model, settings, contents } = input;
	const imageSize = settings.imageSize ?? '1K';
	let ratio = settings.aspectRatio;
	const follow = contents.followImage;
	if (!ratio && follow?.width && follow.height && model.image) {
		ratio = closestRatio(follow.width, follow.height, model.image.ratios);
	}
	return { ...expectedPixelSize(model.id, ratio ?? '1:1', imageSize), imageSize };
}

/**
 * Signs the first non-thought part and every non-thought image, as Gemini 3 does; image parts
 * carry signatures of live size.
 */
function sign(parts: OutPart[], imageSignatureBytes: number): void {
	let first = true;
	for (const part of parts) {
		if (part.thought === true) continue;
		const inline = part.inlineData as { data: string } | undefined;
		if (inline) {
			part.thoughtSignature = signPart(
				'image',
				Buffer.from(inline.data, 'base64'),
				imageSignatureBytes,
			);
		} else if (first) part.thoughtSignature = signPart('text', Buffer.from(String(part.text)));
		first = false;
	}
}

async function imagePart(
	width: number,
	height: number,
	jpeg: boolean,
	colourKey: string,
	caption: ImageCaption,
): Promise<OutPart> {
	const bytes = await renderImage(width, height, jpeg ? 'jpeg' : 'png', colourKey, caption);
	return {
		inlineData: { mimeType: jpeg ? 'image/jpeg' : 'image/png', data: bytes.toString('base64') },
	};
}

export async function buildAnswer(input: AnswerInput): Promise<Record<string, unknown>> {
	const { model, settings, contents, scenario } = input;
	const usageBase = {
		promptTextChars: contents.textChars,
		promptImages: contents.imageCount,
		imageSize: settings.imageSize ?? '1K',
	};
	if (scenario.block || scenario.blockReason) {
		return responseEnvelope(model, {
			promptFeedback: scenario.blockReason
				? { blockReason: scenario.blockReason }
				: promptFeedback(scenario),
			usageMetadata: usageMetadata(model, { ...usageBase, answerText: '', answerImages: 0 }),
		});
	}
	const blocked =
		scenario.finish === 'refusal'
			? 'IMAGE_SAFETY'
			: scenario.finish === 'prohibited'
				? 'IMAGE_PROHIBITED_CONTENT'
				: scenario.finish === 'image-other'
					? 'IMAGE_OTHER'
					: undefined;
	if (scenario.finishReason) {
		return responseEnvelope(model, {
			candidates: [{ content: {}, finishReason: scenario.finishReason, index: 0 }],
			usageMetadata: usageMetadata(model, { ...usageBase, answerText: '', answerImages: 0 }),
		});
	}
	if (blocked) {
		// Google leaves `content` out of a candidate whose image was filtered.
		return responseEnvelope(model, {
			candidates: [{ finishReason: blocked, finishMessage: FINISH_MESSAGES[blocked], index: 0 }],
			usageMetadata: usageMetadata(model, { ...usageBase, answerText: '', answerImages: 0 }),
		});
	}

	const wantsImage = settings.modalities.includes('IMAGE') && model.image !== undefined;
	const wantsText = settings.modalities.includes('TEXT');
	const topic = summary(contents.promptText);
	const turnNote =
		input.turn && input.turn > 1 ? ` This is turn ${input.turn} of our conversation.` : '';
	const parts: OutPart[] = [];
	let answerText = '';
	let answerImages = 0;
	const thoughts = thoughtsTokens(input);
	if (settings.includeThoughts && thoughts) {
		parts.push({ text: THOUGHT_TEXT, thought: true });
		if (model.image?.thinkingAlwaysOn && wantsImage && !scenario.finish) {
			const { promptText } = contents;
			const sketch = simulatedCaption({
				kind: 'THOUGHT IMAGE',
				model: model.id,
				width: 256,
				height: 256,
				prompt: promptText,
			});
			parts.push({
				...(await imagePart(256, 256, false, `thought:${promptText}`, sketch)),
				thought: true,
			});
		}
	}
	if (scenario.finish === 'no-image') {
		// Live NO_IMAGE answers hold a content without parts.
		return responseEnvelope(model, {
			candidates: [{ content: {}, finishReason: 'NO_IMAGE', index: 0 }],
			usageMetadata: usageMetadata(model, { ...usageBase, answerText: '', answerImages: 0 }),
		});
	}
	if (scenario.finish === 'text-only' || !wantsImage) {
		answerText =
			scenario.finish === 'text-only'
				? `I can't create images of real people, but I can describe the scene for you: ${topic}. This answer is simulated: no Google request was made.`
				: `Simulated answer (no Google request was made). Here is a description of ${topic}.${turnNote}`;
		parts.push({ text: answerText });
	} else {
		if (wantsText) {
			answerText = `Simulated image (no Google request was made). Here is the image you asked for: ${topic}.${turnNote}`;
			parts.push({ text: answerText });
		}
		const { width, height, imageSize } = outputSize(input);
		const colourKey = createHash('sha256')
			.update(`${contents.promptText}\0${settings.seed ?? ''}`)
			.digest('hex');
		const jpeg = scenario.jpeg || model.image?.answerType === 'jpeg';
		const caption = simulatedCaption({
			model: model.id,
			imageSize,
			width,
			height,
			prompt: contents.promptText,
		});
		parts.push(await imagePart(width, height, jpeg, colourKey, caption));
		answerImages = 1;
	}
	if (usesThoughtSignatures(model.id)) sign(parts, input.imageSignatureBytes);

	const candidate: Record<string, unknown> = {
		content: { role: 'model', parts },
		finishReason: 'STOP',
		index: 0,
	};
	if (settings.search) {
		candidate.groundingMetadata = groundingMetadata(
			contents.promptText,
			answerText || undefined,
			settings.search,
		);
	}
	return responseEnvelope(model, {
		candidates: [candidate],
		usageMetadata: usageMetadata(model, {
			...usageBase,
			answerText,
			answerImages,
			thoughtsTokens: thoughts,
		}),
	});
}
