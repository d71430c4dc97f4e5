import type { RetiredModel } from '../gemini/catalogue/retired';
import type { SettingField } from '../gemini/catalogue/settings';

/** The parameters, as the UI names them, where an operation's images and their roles are set. */
export interface ReferenceLabels {
	images: string;
	roles: string;
}

/** Compose's named references; other operations say where their images come from. */
export const NAMED_REFERENCE_LABELS: ReferenceLabels = {
	images: 'References',
	roles: 'References > Role',
};

/** Where the user sets each field a problem can be about. */
export function parameterLabel(
	field: SettingField,
	references: ReferenceLabels = NAMED_REFERENCE_LABELS,
): string {
	const labels: Record<SettingField, string> = {
		imageSize: 'Options > Image Size',
		aspectRatio: 'Options > Aspect Ratio',
		googleSearch: 'Operation',
		searchTypes: 'Search Types',
		thinkingLevel: 'Options > Thinking Level',
		includeThoughts: 'Options > Include Thoughts',
		referenceImages: references.images,
		referenceRoles: references.roles,
		compressionQuality: 'Options > Compression Quality (Vertex AI)',
	};
	return labels[field];
}

/** Where the ceiling on Google's RetryInfo waits is set. */
export const MAX_RETRY_WAIT_LABEL = 'Options > Max Retry Wait';

/** What to do about a retired model, said where the model was chosen. */
export function retiredModelAdvice(
	chosenBy: 'parameter' | 'conversation',
): (retired: RetiredModel, successor: string) => string {
	return (retired, successor) =>
		chosenBy === 'parameter'
			? `Parameter "Model": choose ${successor} from the list, or type ${retired.successor}.`
			: `The conversation was started with ${retired.id}; start a new one on ${successor} (a conversation cannot change models: its thought signatures belong to one).`;
}
