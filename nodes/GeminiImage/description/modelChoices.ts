/**
 * The option lists the editor shows once a model is chosen: only what that model can do. An id
 * the table does not know (or a model set by an expression) gets the full lists, remarks on
 * which models take what included, so nothing a gateway's model might take is hidden; the
 * run-time checks are the same either way.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import type { ModelCapabilities, ReferenceRole } from '../gemini/catalogue/models';
import {
	ASPECT_RATIO_CHOICES,
	ASPECT_RATIO_OPTIONS,
	IMAGE_SIZE_CHOICES,
	IMAGE_SIZE_OPTIONS,
	REFERENCE_ROLE_OPTIONS,
	SEARCH_TYPE_CHOICES,
	SEARCH_TYPE_OPTIONS,
	THINKING_LEVEL_CHOICES,
	THINKING_LEVEL_OPTIONS,
} from './optionLists';

/** The "let the model decide" entries, offered whatever the model. */
const MODEL_DEFAULTS = new Set(['auto', 'default']);

function only(choices: INodePropertyOptions[], allowed: readonly string[]): INodePropertyOptions[] {
	return choices.filter(
		(option) => MODEL_DEFAULTS.has(String(option.value)) || allowed.includes(String(option.value)),
	);
}

export function imageSizeChoices(model?: ModelCapabilities): INodePropertyOptions[] {
	return model ? only(IMAGE_SIZE_CHOICES, model.imageSizes) : IMAGE_SIZE_OPTIONS;
}

export function aspectRatioChoices(model?: ModelCapabilities): INodePropertyOptions[] {
	return model ? only(ASPECT_RATIO_CHOICES, model.aspectRatios) : ASPECT_RATIO_OPTIONS;
}

export function thinkingLevelChoices(model?: ModelCapabilities): INodePropertyOptions[] {
	const thinking = model?.thinking;
	// Thinking not documented for the model: the API decides, so every level stays offered.
	if (!thinking) return THINKING_LEVEL_OPTIONS;
	if (thinking.kind === 'none') {
		return [{ name: 'Model Default (This Model Does Not Think)', value: 'default' }];
	}
	return only(THINKING_LEVEL_CHOICES, thinking.levels).map((option) =>
		option.value === thinking.defaultLevel
			? { ...option, description: `${option.description}, this model's default` }
			: option,
	);
}

export function searchTypeChoices(model?: ModelCapabilities): INodePropertyOptions[] {
	if (!model) return SEARCH_TYPE_OPTIONS;
	if (!model.googleSearch) {
		return [
			{
				name: 'Web',
				value: 'web',
				description: `${model.name} cannot search: choose Nano Banana Pro, 2 or 2.1`,
			},
		];
	}
	return only(SEARCH_TYPE_CHOICES, model.imageSearch ? ['web', 'image', 'webAndImage'] : ['web']);
}

/** Roles with the model's caps in their descriptions; a role the model takes none of is left out. */
export function referenceRoleChoices(model?: ModelCapabilities): INodePropertyOptions[] {
	if (!model) return REFERENCE_ROLE_OPTIONS;
	const limits = model.referenceRoleLimits;
	return REFERENCE_ROLE_OPTIONS.filter((option) => limits[option.value as ReferenceRole] !== 0).map(
		(option) => {
			const limit = limits[option.value as ReferenceRole];
			const cap =
				option.value === 'none'
					? `${model.name} takes up to ${model.maxReferenceImages} references in all`
					: limit === undefined
						? ''
						: `up to ${limit} with ${model.name}`;
			const description = [option.description, cap].filter(Boolean).join('; ');
			return description ? { ...option, description } : option;
		},
	);
}

/** The loadOptions methods of these lists (the node's `methods.loadOptions`). */
export type ModelListMethod =
	'imageSizes' | 'aspectRatios' | 'thinkingLevels' | 'searchTypes' | 'referenceRoles';

/**
 * A list loaded for the chosen model, reloaded whenever the model changes (`model.value`: the
 * model is a resource locator).
 */
export function listForModel(method: ModelListMethod) {
	return { loadOptionsMethod: method, loadOptionsDependsOn: ['model.value'] };
}
