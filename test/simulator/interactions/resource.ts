/** The Interaction resource as create, get and cancel answer it. */
import { inputSteps } from './input';
import type { StoredInteraction } from './store';

/** Google's timestamps: ISO 8601 to the second (2026-12-01T15:00:00Z). */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Interaction resource: model steps, and the user_input step(s) first when asked. */
export function interactionResource(
	item: StoredInteraction,
	includeInput = false,
): Record<string, unknown> {
	const resource: Record<string, unknown> = {
		id: item.id,
		status: item.status,
		model: item.model,
		created: isoSeconds(item.createdAt),
		updated: isoSeconds(item.updatedAt),
	};
	if (item.previousId) resource.previous_interaction_id = item.previousId;
	if (item.status !== 'in_progress') {
		resource.steps = includeInput ? [...inputSteps(item.input), ...item.steps] : item.steps;
	}
	if (item.usage) resource.usage = item.usage;
	if (item.errors) resource.errors = item.errors;
	return resource;
}
