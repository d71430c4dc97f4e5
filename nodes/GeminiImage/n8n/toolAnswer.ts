/**
 * The node as an AI Agent's tool: n8n hands the agent the items' JSON and drops their binary
 * data, so each item's JSON becomes what an agent can act on: what was made (file, size, model,
 * cost, the model's text) and that the image itself is not in the chat, or why nothing was made.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { modelListName } from '../gemini/catalogue/models';

/** n8n runs a node as a tool under its `<name>Tool` variant. */
export function runsAsTool(node: INode): boolean {
	return node.type.endsWith('Tool');
}

function kilobytes(bytes: unknown): string {
	return typeof bytes === 'number' ? `${Math.max(1, Math.round(bytes / 1000))} kB` : 'unknown size';
}

function formatOf(mimeType: unknown): string {
	return typeof mimeType === 'string' ? mimeType.replace(/^image\//, '').toUpperCase() : 'image';
}

function cost(json: IDataObject): string {
	return typeof json.estimatedCostUsd === 'number'
		? `, estimated cost $${json.estimatedCostUsd.toFixed(3)}`
		: '';
}

/** "poster.jpg, 1376x768 JPEG, 812 kB". */
function describeFile(json: IDataObject): string {
	const pixels = json.width && json.height ? `${json.width}x${json.height} ` : '';
	return `${json.fileName}, ${pixels}${formatOf(json.mimeType)}, ${kilobytes(json.fileSize)}`;
}

/** The text as a sentence: trimmed, with a full stop unless it ends in one. */
function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const NOT_IN_CHAT =
	'The image is binary data of this workflow run and is not shown in this chat: a node after this one (or a workflow called as a tool) has to send it on.';

function madeAnswer(json: IDataObject): string {
	const images = Array.isArray(json.images) ? (json.images as IDataObject[]) : [json];
	const first = images[0] ?? {};
	const model = modelListName(String(json.model ?? first.model ?? ''));
	const count = images.length === 1 ? '1 image' : `${images.length} images`;
	const files = images.map((image) => describeFile(image) + cost(image)).join('; ');
	const parts = [`Made ${count} with ${model}: ${files}.`];
	if (typeof first.text === 'string' && first.text.trim()) {
		parts.push(`The model said: "${first.text.trim()}"`);
	}
	parts.push(NOT_IN_CHAT);
	if (first.interactionId)
		parts.push(`To change it, refine with Interaction ID ${first.interactionId}.`);
	return parts.join(' ');
}

function failedAnswer(error: IDataObject): string {
	const reason = error.reason ? ` (${error.reason})` : '';
	const parts = [sentence(`No image was made${reason}: ${error.message}`)];
	if (typeof error.description === 'string' && error.description) {
		parts.push(sentence(error.description));
	}
	parts.push(
		error.retryable
			? 'Trying again later may work.'
			: 'Trying again with the same input will fail the same way.',
	);
	return parts.join(' ');
}

/** The JSON an agent gets for one output item. */
export function toolAnswerJson(json: IDataObject): IDataObject {
	if (json.error && typeof json.error === 'object') {
		const error = json.error as IDataObject;
		return { answer: failedAnswer(error), ...error };
	}
	const isImage = typeof json.fileName === 'string' || Array.isArray(json.images);
	if (!isImage) return json;
	const images = Array.isArray(json.images) ? (json.images as IDataObject[]) : [json];
	return {
		answer: madeAnswer(json),
		model: json.model,
		images: images.map((image) => ({
			fileName: image.fileName,
			mimeType: image.mimeType,
			width: image.width,
			height: image.height,
			fileSize: image.fileSize,
			estimatedCostUsd: image.estimatedCostUsd ?? null,
		})),
		text: images[0]?.text ?? '',
		finishReason: images[0]?.finishReason ?? null,
		...(images[0]?.interactionId ? { interactionId: images[0].interactionId } : {}),
	};
}

export function toolAnswerItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({ ...item, json: toolAnswerJson(item.json) }));
}
