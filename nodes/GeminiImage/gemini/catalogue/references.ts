import type { ModelCapabilities, ReferenceRole } from './models';
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
