import type { InputKind, ModelCapabilities, ReferenceRole } from './models';
import { findModelCapabilities } from './models';
import type { SettingProblem } from './settings';

/** Checks the number of reference images, in all and per role, against the model's limits. */
export function findReferenceProblems(
	modelId: string,
	roles: ReadonlyArray<ReferenceRole | undefined>,
): SettingProblem[] {
	const model = findModelCapabilities(modelId);
	if (!model || roles.length === 0) return [];
	if (roles.length > model.maxReferenceImages) {
		return [
			{
				field: 'referenceImages',
				message: `${roles.length} reference images are more than ${model.displayName} takes (at most ${model.maxReferenceImages})`,
				hint: `Send at most ${model.maxReferenceImages} images${model.maxReferenceImages < 14 ? ', or use a Gemini 3 image model (up to 14)' : ''}.`,
			},
		];
	}
	const problems: SettingProblem[] = [];
	for (const [role, limit] of Object.entries(model.referenceRoleLimits) as Array<
		[ReferenceRole, number]
	>) {
		const count = roles.filter((candidate) => candidate === role).length;
		if (count > limit) problems.push(roleLimitProblem(model, role, count, limit));
	}
	return problems;
}

function roleLimitProblem(
	model: ModelCapabilities,
	role: ReferenceRole,
	count: number,
	limit: number,
): SettingProblem {
	if (limit === 0) {
		return {
			field: 'referenceRoles',
			message: `${model.displayName} takes no ${role} references`,
			hint: `Give the images another role, or use a model that takes ${role} references.`,
		};
	}
	return {
		field: 'referenceRoles',
		message: `${count} ${role} references are more than ${model.displayName} takes (at most ${limit})`,
		hint: `Give at most ${limit} images the role "${role}".`,
	};
}

/**
 * The Files API's limit per file (Google: 2 GB a file, kept 48 hours): the largest a reference
 * can be on the Gemini API, whatever the model.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

/** A video or PDF among the references, as the checks and the messages need it. */
export interface MediaReference {
	kind: Exclude<InputKind, 'image'>;
	/** Where it came from, for messages: its binary property (and file name). */
	name: string;
	sizeBytes: number;
}

const KIND_WORDS: Record<MediaReference['kind'], string> = { video: 'a video', pdf: 'a PDF' };

/**
 * Refuses, before sending, a video or PDF a model is known not to take, and a file past the
 * Files API's size. A model the table does not know (or whose card says nothing) passes them on.
 */
export function findMediaProblems(
	modelId: string,
	media: readonly MediaReference[],
): SettingProblem[] {
	const tooLarge = media.find((reference) => reference.sizeBytes > MAX_FILE_BYTES);
	if (tooLarge) {
		const gigabytes = (tooLarge.sizeBytes / 1024 ** 3).toFixed(1);
		return [
			{
				field: 'referenceImages',
				message: `${tooLarge.name} is ${KIND_WORDS[tooLarge.kind]} of ${gigabytes} GB, more than the 2 GB a file may be (Gemini Files API)`,
				hint: 'Send a shorter or smaller file: cut the video, lower its resolution, or split the PDF.',
			},
		];
	}
	const model = findModelCapabilities(modelId);
	const refused = model?.inputKinds
		? media.find((reference) => !model.inputKinds?.includes(reference.kind))
		: undefined;
	if (!model || !refused) return [];
	const takes = model.inputKinds?.join(', ') ?? 'images';
	return [
		{
			field: 'referenceImages',
			message: `${model.displayName} takes no ${refused.kind === 'pdf' ? 'PDF' : 'video'} references: ${refused.name} is ${KIND_WORDS[refused.kind]}`,
			hint: `${model.name} takes ${takes === 'image' ? 'images only' : takes}. Send images, or choose a model that takes ${refused.kind === 'pdf' ? 'PDFs' : 'videos'} (Nano Banana 2.1, Nano Banana 2 Lite).`,
		},
	];
}
