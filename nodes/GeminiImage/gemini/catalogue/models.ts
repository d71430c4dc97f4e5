/**
 * What each Gemini image model can do, matched by family so that dated or suffixed ids
 * (`-preview`, `-001`) inherit their family's rules. A new model is one row here; a model no
 * row matches is passed through unchecked and the API's own answer is shown.
 */

export const STANDARD_ASPECT_RATIOS = [
	'1:1',
	'2:3',
	'3:2',
	'3:4',
	'4:3',
	'4:5',
	'5:4',
	'9:16',
	'16:9',
	'21:9',
] as const;

export const EXTREME_ASPECT_RATIOS = ['1:4', '4:1', '1:8', '8:1'] as const;

const ALL_ASPECT_RATIOS = [...STANDARD_ASPECT_RATIOS, ...EXTREME_ASPECT_RATIOS];

export type ImageSize = '512' | '1K' | '2K' | '4K';
export type ThinkingLevel = 'MINIMAL' | 'MEDIUM' | 'HIGH';
export type ReferenceRole = 'object' | 'character' | 'style';
/** What a reference may be. */
export type InputKind = 'image' | 'video' | 'pdf';

/** The Flash image models: video and PDF as inputs, per their model cards (README: sources). */
const IMAGE_VIDEO_PDF: readonly InputKind[] = ['image', 'video', 'pdf'];

export interface ModelCapabilities {
	/** The family id, used in messages. */
	family: string;
	/** The product name Google's model list shows, e.g. "Nano Banana 2.1". */
	name: string;
	/** The name in messages, with the technical family where it helps. */
	displayName: string;
	matches: (modelId: string) => boolean;
	imageSizes: readonly ImageSize[];
	aspectRatios: readonly string[];
	maxReferenceImages: number;
	/** Per-role caps within maxReferenceImages, where Google documents them. */
	referenceRoleLimits: Partial<Record<ReferenceRole, number>>;
	/**
	 * The kinds of reference the model takes, where its card says; undefined: not documented, so
	 * videos and PDFs go through and Google's answer is shown.
	 */
	inputKinds?: readonly InputKind[];
	googleSearch: boolean;
	/** Whether Google Search grounding can search images too (`searchTypes.imageSearch`). */
	imageSearch: boolean;
	/**
	 * 'none': the model rejects thinkingConfig. 'levels': these levels may be set and thoughts
	 * included. undefined: not documented, so settings go through and the API decides.
	 */
	thinking?:
		| { kind: 'none' }
		| { kind: 'levels'; levels: readonly ThinkingLevel[]; defaultLevel?: ThinkingLevel };
}

const startsWith = (prefix: string) => (modelId: string) => modelId.startsWith(prefix);

/** Order matters: the first row whose matcher accepts the id wins (lite before flash). */
export const MODEL_CAPABILITIES: readonly ModelCapabilities[] = [
	{
		family: 'gemini-2.5-flash-image',
		name: 'Nano Banana',
		displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
		matches: startsWith('gemini-2.5-flash-image'),
		imageSizes: ['1K'],
		aspectRatios: STANDARD_ASPECT_RATIOS,
		maxReferenceImages: 3,
		referenceRoleLimits: {},
		googleSearch: false,
		imageSearch: false,
		thinking: { kind: 'none' },
	},
	{
		family: 'gemini-3-pro-image',
		name: 'Nano Banana Pro',
		displayName: 'Nano Banana Pro (Gemini 3 Pro Image)',
		matches: startsWith('gemini-3-pro-image'),
		imageSizes: ['1K', '2K', '4K'],
		aspectRatios: STANDARD_ASPECT_RATIOS,
		maxReferenceImages: 14,
		referenceRoleLimits: { object: 6, character: 5, style: 3 },
		// Its card lists text and images as inputs, nothing else.
		inputKinds: ['image'],
		googleSearch: true,
		imageSearch: false,
		thinking: { kind: 'levels', levels: ['HIGH'] },
	},
	{
		family: 'gemini-3.1-flash-lite-image',
		name: 'Nano Banana 2 Lite',
		displayName: 'Nano Banana 2 Lite (Gemini 3.1 Flash-Lite Image)',
		matches: startsWith('gemini-3.1-flash-lite-image'),
		imageSizes: ['1K'],
		aspectRatios: STANDARD_ASPECT_RATIOS,
		maxReferenceImages: 14,
		referenceRoleLimits: { object: 14, character: 0, style: 0 },
		inputKinds: IMAGE_VIDEO_PDF,
		googleSearch: false,
		imageSearch: false,
		thinking: undefined,
	},
	{
		family: 'gemini-3.1-flash-image',
		name: 'Nano Banana 2',
		displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
		matches: startsWith('gemini-3.1-flash-image'),
		imageSizes: ['512', '1K', '2K', '4K'],
		aspectRatios: ALL_ASPECT_RATIOS,
		maxReferenceImages: 14,
		referenceRoleLimits: { object: 10, character: 4 },
		inputKinds: IMAGE_VIDEO_PDF,
		googleSearch: true,
		imageSearch: true,
		thinking: { kind: 'levels', levels: ['MINIMAL', 'HIGH'] },
	},
	{
		family: 'gemini-nano-banana-2.1',
		name: 'Nano Banana 2.1',
		displayName: 'Nano Banana 2.1',
		matches: startsWith('gemini-nano-banana-2.1'),
		imageSizes: ['1K', '2K', '4K'],
		aspectRatios: ALL_ASPECT_RATIOS,
		maxReferenceImages: 14,
		referenceRoleLimits: {},
		inputKinds: IMAGE_VIDEO_PDF,
		googleSearch: true,
		imageSearch: true,
		thinking: { kind: 'levels', levels: ['MINIMAL', 'MEDIUM', 'HIGH'], defaultLevel: 'MEDIUM' },
	},
];

/** The model a new node starts with: Google's recommended image model. */
export const DEFAULT_MODEL = 'gemini-nano-banana-2.1';
/**
 * What version 1 of the node started with. Saved version-1 nodes that never touched the field
 * keep it (Google deprecated it: see RETIRED_MODELS), so their behaviour does not change behind
 * their back.
 */
export const VERSION_1_DEFAULT_MODEL = 'gemini-3.1-flash-image';

/** How the model list names a model, so a new node shows its default the same way. */
export function modelListName(modelId: string): string {
	const model = findModelCapabilities(modelId);
	return model ? `${model.name} (${normalizeModelId(modelId)})` : modelId;
}

/**
 * Strips the prefix the APIs use in names (`models/`, Vertex AI's `publishers/google/models/`),
 * so any form can be typed.
 */
export function normalizeModelId(modelId: string): string {
	return modelId.trim().replace(/^(publishers\/google\/)?models\//, '');
}

/**
 * Whether an id can name a model without changing the request's path: letters, digits and
 * . _ - @ /, as Google's and gateways' ids have them (tunedModels/x, vendor/model@v2), no `..`.
 */
export function isModelId(modelId: string): boolean {
	return /^[A-Za-z0-9][A-Za-z0-9._@/-]{0,199}$/.test(modelId) && !modelId.split('/').includes('..');
}

export function findModelCapabilities(modelId: string): ModelCapabilities | undefined {
	const id = normalizeModelId(modelId);
	return MODEL_CAPABILITIES.find((model) => model.matches(id));
}
