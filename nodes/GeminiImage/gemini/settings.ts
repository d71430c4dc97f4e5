import type { ImageSize, ModelCapabilities, ReferenceRole, ThinkingLevel } from './models';
import { currentModelsWith, findModelCapabilities } from './models';

export type ResponseModality = 'TEXT' | 'IMAGE';

export interface SafetySetting {
	category: string;
	threshold: string;
}

/** Everything that shapes one generateContent call, read from the node's parameters. */
export interface GenerationSettings {
	model: string;
	aspectRatio?: string;
	imageSize?: ImageSize;
	responseModalities: ResponseModality[];
	temperature?: number;
	topP?: number;
	seed?: number;
	systemInstruction?: string;
	safetySettings: SafetySetting[];
	thinkingLevel?: ThinkingLevel;
	includeThoughts: boolean;
	googleSearch: boolean;
	/** What grounding searches; unset means Google's default (the web). */
	searchTypes?: SearchType[];
}

export type SearchType = 'web' | 'image';

/** A setting the chosen model cannot take, found before any request is sent. */
export interface SettingProblem {
	/** The parameter as the user sees it, e.g. "Options > Image Size". */
	parameter: string;
	message: string;
	hint: string;
}

function listed(values: readonly string[], separator = ', '): string {
	return values.join(separator);
}

/**
 * Checks settings against the model's row in the capability table. An id no row matches
 * yields no problems: the API decides and its answer is shown.
 */
export function findSettingProblems(settings: GenerationSettings): SettingProblem[] {
	const model = findModelCapabilities(settings.model);
	if (!model) return [];
	const problems: SettingProblem[] = [];
	const add = (parameter: string, message: string, hint: string) =>
		problems.push({ parameter, message, hint });

	if (settings.imageSize && !model.imageSizes.includes(settings.imageSize)) {
		add(
			'Options > Image Size',
			`${model.displayName} cannot make ${settings.imageSize} images`,
			`Choose one of: ${listed(model.imageSizes)}${largestSizeHint(model)}.`,
		);
	}
	if (settings.aspectRatio && !model.aspectRatios.includes(settings.aspectRatio)) {
		add(
			'Options > Aspect Ratio',
			`${model.displayName} does not take the aspect ratio ${settings.aspectRatio}`,
			`Choose one of: ${listed(model.aspectRatios)}.`,
		);
	}
	if (settings.googleSearch && !model.googleSearch) {
		add(
			'Operation',
			`${model.displayName} cannot ground images with Google Search`,
			`Use ${listed(currentModelsWith((m) => m.googleSearch), ' or ')}.`,
		);
	} else if (settings.googleSearch && settings.searchTypes?.includes('image') && !model.imageSearch) {
		add(
			'Search Types',
			`${model.displayName} cannot search images, only the web`,
			`Choose "Web" search, or use ${listed(currentModelsWith((m) => m.imageSearch), ' or ')}.`,
		);
	}
	problems.push(...findThinkingProblems(settings, model));
	return problems;
}

function largestSizeHint(model: ModelCapabilities): string {
	if (model.imageSizes.includes('4K')) return '';
	const larger = currentModelsWith((m) => m.imageSizes.includes('4K'));
	return ` (for 2K or 4K use ${listed(larger, ' or ')})`;
}

function findThinkingProblems(
	settings: GenerationSettings,
	model: ModelCapabilities,
): SettingProblem[] {
	const asksThinking = settings.thinkingLevel !== undefined || settings.includeThoughts;
	if (!asksThinking || !model.thinking) return [];
	if (model.thinking.kind === 'none') {
		return [
			{
				parameter: settings.thinkingLevel
					? 'Options > Thinking Level'
					: 'Options > Include Thoughts',
				message: `${model.displayName} does not think, so thinking cannot be set`,
				hint: 'Remove the thinking options, or use a Gemini 3 image model.',
			},
		];
	}
	if (settings.thinkingLevel && !model.thinking.levels.includes(settings.thinkingLevel)) {
		return [
			{
				parameter: 'Options > Thinking Level',
				message: `${model.displayName} does not take the thinking level ${settings.thinkingLevel}`,
				hint: `Choose one of: ${listed(model.thinking.levels)}.`,
			},
		];
	}
	return [];
}

/** The parameters, as the UI names them, where an operation's images and their roles are set. */
export interface ReferenceParameters {
	images: string;
	roles: string;
}

export const NAMED_REFERENCE_PARAMETERS: ReferenceParameters = {
	images: 'References',
	roles: 'References > Role',
};

/** Checks the number of reference images, in all and per role, against the model's limits. */
export function findReferenceProblems(
	modelId: string,
	roles: ReadonlyArray<ReferenceRole | undefined>,
	parameters: ReferenceParameters = NAMED_REFERENCE_PARAMETERS,
): SettingProblem[] {
	const model = findModelCapabilities(modelId);
	if (!model || roles.length === 0) return [];
	if (roles.length > model.maxReferenceImages) {
		return [
			{
				parameter: parameters.images,
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
		if (count > limit) problems.push(roleLimitProblem(model, role, count, limit, parameters));
	}
	return problems;
}

function roleLimitProblem(
	model: ModelCapabilities,
	role: ReferenceRole,
	count: number,
	limit: number,
	parameters: ReferenceParameters,
): SettingProblem {
	if (limit === 0) {
		return {
			parameter: parameters.roles,
			message: `${model.displayName} takes no ${role} references`,
			hint: `Give the images another role, or use a model that takes ${role} references.`,
		};
	}
	return {
		parameter: parameters.roles,
		message: `${count} ${role} references are more than ${model.displayName} takes (at most ${limit})`,
		hint: `Give at most ${limit} images the role "${role}".`,
	};
}
