import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ImageSize, ThinkingLevel } from '../gemini/models';
import { normalizeModelId } from '../gemini/models';
import type {
	GenerationSettings,
	ResponseModality,
	SafetySetting,
	SearchType,
} from '../gemini/settings';

export type ImagesOutput = 'separateItems' | 'oneItem';

/** How the images of one item leave the node. */
export interface OutputSettings {
	binaryPropertyName: string;
	fileName?: string;
	imagesOutput: ImagesOutput;
	numberOfImages: number;
	simplify: boolean;
}

export function readPrompt(context: IExecuteFunctions, itemIndex: number, name = 'prompt'): string {
	const prompt = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof prompt === 'string' ? prompt : prompt == null ? '' : String(prompt);
	if (!text.trim()) {
		throw new NodeOperationError(context.getNode(), `The prompt is empty for item ${itemIndex}`, {
			itemIndex,
			description:
				'Parameter "Prompt": type what the image should show, or check that its expression gives text for this item.',
		});
	}
	return text.trim();
}

export function readModel(context: IExecuteFunctions, itemIndex: number): string {
	const model = context.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const id = normalizeModelId(String(model ?? ''));
	if (!id) {
		throw new NodeOperationError(context.getNode(), `No model is chosen for item ${itemIndex}`, {
			itemIndex,
			description: 'Parameter "Model": pick an image model from the list or type its id.',
		});
	}
	return id;
}

function optionalNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readSafetySettings(options: IDataObject): SafetySetting[] {
	const collection = options.safetySettings as { setting?: SafetySetting[] } | undefined;
	return (collection?.setting ?? []).map(({ category, threshold }) => ({ category, threshold }));
}

function readModalities(value: unknown): ResponseModality[] {
	return value === 'IMAGE' ? ['IMAGE'] : ['TEXT', 'IMAGE'];
}

export function readSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	request: { model?: string; googleSearch: boolean; searchTypes?: SearchType[] },
): { settings: GenerationSettings; output: OutputSettings } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const aspectRatio = options.aspectRatio as string | undefined;
	const imageSize = options.imageSize as string | undefined;
	const thinkingLevel = options.thinkingLevel as string | undefined;
	const seed = optionalNumber(options.seed);

	const settings: GenerationSettings = {
		model: request.model ? normalizeModelId(request.model) : readModel(context, itemIndex),
		aspectRatio: aspectRatio && aspectRatio !== 'auto' ? aspectRatio : undefined,
		imageSize: imageSize && imageSize !== 'auto' ? (imageSize as ImageSize) : undefined,
		responseModalities: readModalities(options.responseModalities),
		temperature: optionalNumber(options.temperature),
		topP: optionalNumber(options.topP),
		seed: seed ? Math.trunc(seed) : undefined,
		systemInstruction: (options.systemInstruction as string | undefined)?.trim() || undefined,
		safetySettings: readSafetySettings(options),
		thinkingLevel:
			thinkingLevel && thinkingLevel !== 'default' ? (thinkingLevel as ThinkingLevel) : undefined,
		includeThoughts: options.includeThoughts === true,
		googleSearch: request.googleSearch,
		searchTypes: request.searchTypes,
	};

	const requested = options.numberOfImages ?? 1;
	const numberOfImages = optionalNumber(Number(requested));
	if (
		numberOfImages === undefined ||
		!Number.isInteger(numberOfImages) ||
		numberOfImages < 1 ||
		numberOfImages > 8
	) {
		throw new NodeOperationError(
			context.getNode(),
			`Number of Images must be a whole number from 1 to 8 for item ${itemIndex}`,
			{
				itemIndex,
				description: `Parameter "Options > Number of Images" is ${JSON.stringify(requested)}.`,
			},
		);
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	const fileName = (options.fileName as string | undefined)?.trim() || undefined;
	const imagesOutput: ImagesOutput =
		options.imagesOutput === 'oneItem' ? 'oneItem' : 'separateItems';

	const simplify = context.getNodeParameter('simplify', itemIndex, false) === true;
	return {
		settings,
		output: { binaryPropertyName, fileName, imagesOutput, numberOfImages, simplify },
	};
}

/** Settings of the whole run, read once from the first item. */
export interface RunSettings {
	parallelRequests: number;
	maxRetries: number;
	timeoutMs: number;
}

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const whole = (value: unknown, fallback: number, min: number, max: number) =>
		Math.min(max, Math.max(min, Math.trunc(optionalNumber(value) ?? fallback)));
	return {
		parallelRequests: whole(options.parallelRequests, 5, 1, 50),
		maxRetries: whole(options.maxRetries, 3, 0, 10),
		timeoutMs: whole(options.timeoutSeconds, 300, 10, 3600) * 1000,
	};
}
