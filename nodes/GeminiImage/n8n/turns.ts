import type { Part } from '@google/genai';
import type { IBinaryData, IBinaryKeyData } from 'n8n-workflow';

import type { StoredPart, StoredTurn } from '../gemini/conversation/conversation';
import { turnImageProperty } from '../gemini/conversation/conversation';
import type { CloudImage } from '../gemini/conversation/cloudStorage';
import type { PendingTurn } from '../gemini/conversation/payload';
import type { InputConversion, InputImage } from './inputImages';
import type { MediaInput } from './inputReferences';
import { mediaInputOf } from './inputReferences';

/**
 * Collects the turns of a request twice over: as pending parts with bytes (what is sent) and
 * as stored parts with binary references (what the output item carries on).
 */
export class ConversationBuilder {
	readonly pending: PendingTurn[] = [];

	readonly stored: StoredTurn[] = [];

	/** The binary properties the stored turns refer to, by name. */
	readonly binaries: IBinaryKeyData = {};

	/** Input images sent in another form than the item holds them (a GIF as PNG). */
	readonly conversions: InputConversion[] = [];

	/** Videos and PDFs among the references: checked against the model, named in the output. */
	readonly media: MediaInput[] = [];

	/** A new conversation: one user turn that opens with the prompt. */
	static fromPrompt(prompt: string): ConversationBuilder {
		return new ConversationBuilder().addUserPrompt(prompt);
	}

	/** The user's new turn, opening with the prompt; images and notes follow it. */
	addUserPrompt(prompt: string): this {
		return this.startTurn('user').addPart({ text: prompt });
	}

	startTurn(role: 'user' | 'model'): this {
		this.pending.push({ role, parts: [] });
		this.stored.push({ role, parts: [] });
		return this;
	}

	addPart(part: Omit<Part, 'inlineData' | 'fileData'>): this {
		this.current().pending.parts.push({ part: { ...part } });
		this.current().stored.parts.push({ ...part } as StoredPart);
		return this;
	}

	addImage(
		bytes: Buffer,
		mimeType: string,
		binary: IBinaryData,
		part: Omit<Part, 'inlineData' | 'fileData'> = {},
	): this {
		const { pending, stored, turnNumber } = this.current();
		const property = turnImageProperty(turnNumber, stored.parts.length + 1);
		const displayName = binary.fileName ?? property;
		pending.parts.push({ part: { ...part }, image: { bytes, mimeType, displayName } });
		stored.parts.push({ ...part, image: { binaryProperty: property, mimeType } } as StoredPart);
		this.binaries[property] = binary;
		return this;
	}

	/** An image the API reads from Cloud Storage itself (Vertex AI): kept by its URI. */
	addCloudImage(file: CloudImage, part: Omit<Part, 'inlineData' | 'fileData'> = {}): this {
		this.current().pending.parts.push({ part: { ...part }, file: { ...file } });
		this.current().stored.parts.push({ ...part, cloudFile: { ...file } } as StoredPart);
		return this;
	}

	/** An image read from an input item, with what was done to it on the way. */
	addInputImage(image: InputImage, part: Omit<Part, 'inlineData' | 'fileData'> = {}): this {
		if (image.converted) this.conversions.push(image.converted);
		return this.addImage(image.bytes, image.mimeType, image.binary, part);
	}

	/** A reference of the item at itemIndex: an image, a video or a PDF. */
	addInputReference(image: InputImage, itemIndex: number): this {
		const media = mediaInputOf(itemIndex, image);
		if (media) this.media.push(media);
		return this.addInputImage(image);
	}

	private current() {
		const index = this.pending.length - 1;
		if (index < 0) this.startTurn('user');
		const last = this.pending.length - 1;
		return { pending: this.pending[last], stored: this.stored[last], turnNumber: last + 1 };
	}
}
