import type { Part } from '@google/genai';
import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import type { Conversation, StoredPart, StoredTurn } from '../gemini/conversation';
import {
	CONVERSATION_PROPERTY,
	CONVERSATION_VERSION,
	conversationReference,
} from '../gemini/conversation';
import type { GeneratedContent, ImageData } from '../gemini/response';
import { buildFileName } from '../image/fileName';
import { inspectImage } from '../image/inspect';
import type { InputConversion } from './inputImages';
import type { OutputSettings } from './parameters';

/** One image the model made for an item, with the answer it came in. */
export interface MadeImage {
	content: GeneratedContent;
	image: ImageData;
	imageNumber: number;
}

/** What the request was, for the JSON and the conversation every output item carries. */
export interface RequestSummary {
	model: string;
	prompt: string;
	includeThoughts: boolean;
	googleSearch: boolean;
	/** List price of one image, where Google publishes one. */
	estimatedCostUsd?: number;
	/** Turns sent, with binary references, and the binaries they refer to. */
	sentTurns: StoredTurn[];
	sentBinaries: IBinaryKeyData;
	/** Input images sent in another form than the items hold them. */
	inputConversions: InputConversion[];
	/** Leave out what a storage node does not need (usage details, ids). */
	simplify: boolean;
	pairedItem: IPairedItemData | IPairedItemData[];
}

interface WrittenImage {
	binary: IBinaryData;
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

/**
 * Present for every grounded request (empty when Google found nothing), absent otherwise: web
 * sources, and for image search the pictures with the pages they come from.
 */
function groundingJson(content: GeneratedContent, grounded: boolean): IDataObject {
	const grounding = content.grounding ?? (grounded ? {} : undefined);
	if (!grounding) return {};
	const chunks = grounding.groundingChunks ?? [];
	return {
		sources: chunks
			.map((chunk) => chunk.web)
			.filter((web) => web?.uri)
			.map((web) => ({ title: web?.title ?? '', url: web?.uri ?? '' })),
		searchQueries: grounding.webSearchQueries ?? [],
		imageSources: chunks
			.map((chunk) => chunk.image)
			.filter((image) => image?.imageUri || image?.sourceUri)
			.map((image) => ({
				title: image?.title ?? '',
				domain: image?.domain ?? '',
				imageUrl: image?.imageUri ?? '',
				sourceUrl: image?.sourceUri ?? '',
			})),
		imageSearchQueries: grounding.imageSearchQueries ?? [],
		searchEntryPoint: grounding.searchEntryPoint?.renderedContent ?? '',
	};
}

function answerJson(content: GeneratedContent, request: RequestSummary): IDataObject {
	return {
		text: content.text,
		...(request.includeThoughts ? { thoughts: content.thoughts } : {}),
		finishReason: content.finishReason ?? null,
		...groundingJson(content, request.googleSearch),
		...(request.inputConversions.length > 0
			? { convertedInputs: request.inputConversions as unknown as IDataObject[] }
			: {}),
		...(request.simplify
			? {}
			: {
					usage: (content.usage as IDataObject | undefined) ?? null,
					modelVersion: content.modelVersion ?? null,
					responseId: content.responseId ?? null,
				}),
	};
}

/**
 * Writes every image part of the model's answer through n8n's binary helpers and records the
 * model turn as received, each image part pointing at the property its bytes went to.
 */
async function writeModelTurn(
	context: IExecuteFunctions,
	made: MadeImage,
	property: string,
	request: RequestSummary,
	output: OutputSettings,
): Promise<{ turn: StoredTurn; binaries: IBinaryKeyData; answer: WrittenImage }> {
	const binaries: IBinaryKeyData = {};
	const parts: StoredPart[] = [];
	let answer: WrittenImage | undefined;
	let thoughtNumber = 0;

	for (const [index, part] of made.content.modelParts.entries()) {
		const { inlineData, fileData: _unused, ...rest } = part as Part;
		if (!inlineData?.data) {
			parts.push({ ...rest });
			continue;
		}
		const image = {
			mimeType: inlineData.mimeType ?? 'application/octet-stream',
			data: inlineData.data,
		};
		let name: string;
		let written: WrittenImage;
		if (inlineData.data === made.image.data && !part.thought) {
			name = property;
			written = await writeImage(context, image, {
				prompt: request.prompt,
				fileName: output.fileName,
				imageNumber: made.imageNumber,
				imageCount: output.numberOfImages,
			});
			answer = written;
		} else {
			name = part.thought
				? `${property}_thought_${++thoughtNumber}`
				: `${property}_part_${index + 1}`;
			written = await writeImage(context, image, {
				prompt: request.prompt,
				fileName: name,
				imageNumber: 1,
				imageCount: 1,
			});
		}
		binaries[name] = written.binary;
		parts.push({
			...rest,
			image: { binaryProperty: name, mimeType: inlineData.mimeType ?? image.mimeType },
		});
	}
	// The answer image is always among the parts: readGeneratedContent took it from them.
	return { turn: { role: 'model', parts }, binaries, answer: answer as WrittenImage };
}

/**
 * Shapes the items the next node receives: one per image (or all in one), each with its image
 * as binary data, the answer's JSON, and the conversation so far for a Refine node.
 */
export async function buildImageItems(
	context: IExecuteFunctions,
	made: MadeImage[],
	request: RequestSummary,
	output: OutputSettings,
): Promise<INodeExecutionData[]> {
	const base = { model: request.model, prompt: request.prompt };
	const oneItem = output.imagesOutput === 'oneItem';
	const items: INodeExecutionData[] = [];
	const combined: { binary: IBinaryKeyData; images: IDataObject[]; conversation?: Conversation } = {
		binary: {},
		images: [],
	};
	// The turns as a JSON file beside the images; the item JSON keeps a small reference. An
	// output property of the same name keeps its image.
	const turnsProperty =
		output.binaryPropertyName === CONVERSATION_PROPERTY
			? `${CONVERSATION_PROPERTY}_turns`
			: CONVERSATION_PROPERTY;
	const writeConversation = async (conversation: Conversation) => ({
		json: conversationReference(conversation, turnsProperty) as unknown as IDataObject,
		binary: await context.helpers.prepareBinaryData(
			Buffer.from(JSON.stringify(conversation)),
			'conversation.json',
			'application/json',
		),
	});

	for (const entry of made) {
		const property =
			oneItem && entry.imageNumber > 1
				? `${output.binaryPropertyName}_${entry.imageNumber}`
				: output.binaryPropertyName;
		const { turn, binaries, answer } = await writeModelTurn(
			context,
			entry,
			property,
			request,
			output,
		);
		const conversation: Conversation = {
			version: CONVERSATION_VERSION,
			model: request.model,
			turns: [...request.sentTurns, turn],
		};
		const json: IDataObject = {
			...base,
			...answerJson(entry.content, request),
			...answer.json,
			imageNumber: entry.imageNumber,
			imageCount: output.numberOfImages,
			estimatedCostUsd: request.estimatedCostUsd ?? null,
		};
		if (oneItem) {
			Object.assign(combined.binary, { [property]: binaries[property] }, binaries);
			combined.images.push({ binaryProperty: property, ...json });
			combined.conversation ??= conversation;
		} else {
			const written = await writeConversation(conversation);
			items.push({
				json: { ...json, conversation: written.json },
				// The new image first: the editor's binary view and "first binary" options show it.
				binary: {
					[property]: binaries[property],
					...binaries,
					...request.sentBinaries,
					[turnsProperty]: written.binary,
				},
				pairedItem: request.pairedItem,
			});
		}
	}

	if (oneItem && combined.conversation) {
		const written = await writeConversation(combined.conversation);
		items.push({
			json: {
				...base,
				imageCount: combined.images.length,
				images: combined.images,
				conversation: written.json,
			},
			binary: {
				...combined.binary,
				...request.sentBinaries,
				[turnsProperty]: written.binary,
			},
			pairedItem: request.pairedItem,
		});
	}
	return items;
}
