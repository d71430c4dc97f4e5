import type { IExecuteFunctions } from 'n8n-workflow';

import type { ReferenceRole } from '../gemini/catalogue/models';
import type { ReferenceLabels } from '../n8n/labels';
import { NAMED_REFERENCE_LABELS } from '../n8n/labels';
import { binaryPropertiesOf } from '../n8n/inputImages';

/** Where Compose takes its images from. */
export type ReferenceSource = 'namedProperties' | 'allProperties' | 'allItems';

/** One reference image to read: where it is, its role and label, and where the user set it. */
export interface ReferenceSpec {
	itemIndex: number;
	property: string;
	role?: ReferenceRole;
	label?: string;
	parameter: string;
}

/** Images of all properties or items share one role, set apart from the named references. */
const ALL_IMAGES_LABELS: ReferenceLabels = {
	images: 'References From',
	roles: 'Role of Every Image',
};

export function referenceLabelsFor(source: ReferenceSource): ReferenceLabels {
	return source === 'namedProperties' ? NAMED_REFERENCE_LABELS : ALL_IMAGES_LABELS;
}

function roleOf(choice: unknown): ReferenceRole | undefined {
	return choice === 'object' || choice === 'character' || choice === 'style' ? choice : undefined;
}

export function readSource(context: IExecuteFunctions, itemIndex: number): ReferenceSource {
	const source = context.getNodeParameter('referenceSource', itemIndex, 'namedProperties');
	return source === 'allProperties' || source === 'allItems' ? source : 'namedProperties';
}

export function listReferences(
	context: IExecuteFunctions,
	itemIndex: number,
	source: ReferenceSource,
): ReferenceSpec[] {
	if (source === 'namedProperties') {
		const collection = context.getNodeParameter('references', itemIndex, {}) as {
			reference?: Array<{ binaryProperty?: string; role?: string; label?: string }>;
		};
		return (collection.reference ?? []).map((entry, index) => ({
			itemIndex,
			property: String(entry.binaryProperty ?? '').trim(),
			role: roleOf(entry.role),
			label: entry.label?.trim() || undefined,
			parameter: `References > Reference ${index + 1} > Binary Property`,
		}));
	}
	const role = roleOf(context.getNodeParameter('defaultRole', itemIndex, 'none'));
	const items =
		source === 'allItems' ? context.getInputData().map((_, index) => index) : [itemIndex];
	return items.flatMap((index) =>
		binaryPropertiesOf(context, index).map((property) => ({
			itemIndex: index,
			property,
			role,
			parameter: 'References From',
		})),
	);
}

/** The note before each image, so the prompt can name it: "Image 2 (character: Anna):". */
export function describeReference(number: number, spec: ReferenceSpec): string {
	const detail = [spec.role, spec.label].filter(Boolean).join(': ');
	return `Image ${number}${detail ? ` (${detail})` : ''}:`;
}
