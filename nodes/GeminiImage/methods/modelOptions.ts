import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	aspectRatioChoices,
	imageSizeChoices,
	referenceRoleChoices,
	searchTypeChoices,
	thinkingLevelChoices,
	type ModelListMethod,
} from '../description/modelChoices';
import { findModelCapabilities, type ModelCapabilities } from '../gemini/catalogue/models';

/**
 * The model the editor has chosen, when it is a plain id the table knows. An expression (its
 * value is only known at run time), an empty field or an operation without a model answer none,
 * and the lists stay full.
 */
function chosenModel(context: ILoadOptionsFunctions): ModelCapabilities | undefined {
	let value: unknown;
	try {
		value = context.getCurrentNodeParameter('model', { extractValue: true });
	} catch {
		return undefined;
	}
	if (typeof value !== 'string' || value.startsWith('=') || value.includes('{{')) return undefined;
	return findModelCapabilities(value);
}

type ChoicesOf = (model?: ModelCapabilities) => INodePropertyOptions[];

function loader(choices: ChoicesOf) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return choices(chosenModel(this));
	};
}

/** The option lists of Options and of Compose's roles, loaded for the chosen model. */
export const modelOptions: Record<ModelListMethod, ReturnType<typeof loader>> = {
	imageSizes: loader(imageSizeChoices),
	aspectRatios: loader(aspectRatioChoices),
	thinkingLevels: loader(thinkingLevelChoices),
	searchTypes: loader(searchTypeChoices),
	referenceRoles: loader(referenceRoleChoices),
};
