import type { Part } from '@google/genai';
import type { IBinaryData, IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { StoredPart, StoredTurn } from '../gemini/conversation/conversation';
import type { DecodedImage } from '../gemini/generateContent/answerImages';
import { buildFileName } from '../image/fileName';
import type { OutputSettings } from './outputSettings';
import type { MadeImage, RequestSummary } from './outputJson';

export interface WrittenImage {
	binary: IBinaryData;
	json: IDataObject;
}

async function writeImage(
	context: IExecuteFunctions,
	image: DecodedImage,
	names: { prompt: string; fileName?: string; imageNumber: number; imageCount: number },
): Promise<WrittenImage> {
	// Trust the bytes over the label: the extension and MIME type follow what the image is.
	const { bytes, mimeType, width, height } = image;
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
			width,
			height,
		},
	};
}

/**
 * Writes every image part of the model's answer through n8n's binary helpers and records the
 * model turn as received, each image part pointing at the property its bytes went to.
 */
export async function writeModelTurn(
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
		const image = made.images.get(index);
		if (!inlineData?.data || !image) {
			parts.push({ ...rest });
			continue;
		}
		let name: string;
		let written: WrittenImage;
		if (inlineData.data === made.content.image?.data && !part.thought) {
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
