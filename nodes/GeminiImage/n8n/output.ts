import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GeneratedContent, ImageData } from '../gemini/response';
import { buildFileName } from '../image/fileName';
import { inspectImage } from '../image/inspect';
import type { OutputSettings } from './parameters';

/** One image the model made for an item, with the answer it came in. */
export interface MadeImage {
	content: GeneratedContent;
	image: ImageData;
	imageNumber: number;
}

interface WrittenImage {
	binary: IBinaryKeyData[string];
	json: IDataObject;
}

async function writeImage(
	context: IExecuteFunctions,
	image: ImageData,
	names: { prompt: string; fileName?: string; imageNumber: number; imageCount: number },
): Promise<WrittenImage> {
	const bytes = Buffer.from(image.data, 'base64');
	const facts = inspectImage(bytes);
	// Trust the bytes over the label: the extension and MIME type follow what the image is.
	const mimeType = facts.mimeType ?? image.mimeType;
	const fileName = buildFileName({
		requested: names.fileName,
		prompt: names.prompt,
		mimeType,
		imageNumber: names.imageNumber,
		imageCount: names.imageCount,
	});
	const binary = await context.helpers.prepareBinaryData(bytes, fileName, mimeType);
	return {
		binary,
		json: {
			mimeType,
			fileName,
			fileSize: bytes.length,
			width: facts.width ?? null,
			height: facts.height ?? null,
		},
	};
}

function answerJson(content: GeneratedContent, includeThoughts: boolean): IDataObject {
	const json: IDataObject = {
		text: content.text,
		finishReason: content.finishReason ?? null,
		usage: (content.usage as IDataObject | undefined) ?? null,
		modelVersion: content.modelVersion ?? null,
		responseId: content.responseId ?? null,
	};
	if (includeThoughts) json.thoughts = content.thoughts;
	return json;
}

async function writeThoughtImages(
	context: IExecuteFunctions,
	content: GeneratedContent,
	baseProperty: string,
	prompt: string,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const [index, image] of content.thoughtImages.entries()) {
		const written = await writeImage(context, image, {
			prompt,
			fileName: `${baseProperty}-thought`,
			imageNumber: index + 1,
			imageCount: content.thoughtImages.length + 1,
		});
		binary[`${baseProperty}_thought_${index + 1}`] = written.binary;
	}
	return binary;
}

/**
 * Writes an item's images through n8n's binary helpers (so every binary data mode works) and
 * shapes the items the next node receives: one per image, or all in one.
 */
export async function buildImageItems(
	context: IExecuteFunctions,
	itemIndex: number,
	made: MadeImage[],
	request: { model: string; prompt: string; includeThoughts: boolean },
	output: OutputSettings,
): Promise<INodeExecutionData[]> {
	const base = { model: request.model, prompt: request.prompt };
	const imageCount = output.numberOfImages;
	const items: INodeExecutionData[] = [];
	const combined: { binary: IBinaryKeyData; images: IDataObject[] } = { binary: {}, images: [] };

	for (const { content, image, imageNumber } of made) {
		const oneItem = output.imagesOutput === 'oneItem';
		const property =
			oneItem && imageNumber > 1 ? `${output.binaryPropertyName}_${imageNumber}` : output.binaryPropertyName;
		const written = await writeImage(context, image, {
			prompt: request.prompt,
			fileName: output.fileName,
			imageNumber,
			imageCount,
		});
		const thoughtImages = request.includeThoughts
			? await writeThoughtImages(context, content, property, request.prompt)
			: {};
		const json: IDataObject = {
			...base,
			...answerJson(content, request.includeThoughts),
			...written.json,
			imageNumber,
			imageCount,
		};
		if (oneItem) {
			combined.binary[property] = written.binary;
			Object.assign(combined.binary, thoughtImages);
			combined.images.push({ binaryProperty: property, ...json });
		} else {
			items.push({
				json,
				binary: { [property]: written.binary, ...thoughtImages },
				pairedItem: { item: itemIndex },
			});
		}
	}

	if (output.imagesOutput === 'oneItem' && combined.images.length > 0) {
		items.push({
			json: { ...base, imageCount: combined.images.length, images: combined.images },
			binary: combined.binary,
			pairedItem: { item: itemIndex },
		});
	}
	return items;
}
