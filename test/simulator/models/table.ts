/**
 * The simulator's own model table. It is written from Google's documentation, independently of the
 * package's capability table, so that the two can disagree and a test will notice.
 */

export const STANDARD_RATIOS = [
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

export const EXTREME_RATIOS = ['1:4', '4:1', '1:8', '8:1'] as const;

const ALL_RATIOS: readonly string[] = [...STANDARD_RATIOS, ...EXTREME_RATIOS];

export type ThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface ImageCapabilities {
	sizes: readonly string[];
	ratios: readonly string[];
	maxReferenceImages: number;
	search: boolean;
	/** Whether Search grounding can search images (`googleSearch.searchTypes.imageSearch`). */
	imageSearch: boolean;
	/** undefined: the model has no thinking, and any thinkingConfig is rejected. */
	thinkingLevels?: readonly ThinkingLevel[];
	/** The level used when the request sets none. */
	defaultThinkingLevel?: ThinkingLevel;
	/** Pro thinks on every request and shows an interim image among its thoughts. */
	thinkingAlwaysOn: boolean;
	/**
	 * What the answer image is: Gemini 3 and 2.1 answers are JPEG (live snapshots: image/jpeg,
	 * 439,196 base64 characters at 1K); Nano Banana answered PNG.
	 */
	answerType: 'jpeg' | 'png';
	/** Which pixel-size column applies; 2.5 Flash has its own. */
	pixelTable: 'flash-2.5' | 'standard';
	/**
	 * Inputs besides images, per the model cards: the Flash image models read video and PDF;
	 * Pro's card lists images only. Absent: images only.
	 */
	otherInputs?: readonly ('video' | 'pdf')[];
}

const VIDEO_AND_PDF = ['video', 'pdf'] as const;

export interface ModelSpec {
	id: string;
	displayName: string;
	description: string;
	version: string;
	inputTokenLimit: number;
	outputTokenLimit: number;
	methods: readonly string[];
	/** Present for models that can answer with images. */
	image?: ImageCapabilities;
}

const IMAGE_METHODS = ['generateContent', 'countTokens'] as const;
const TEXT_METHODS = [
	'generateContent',
	'countTokens',
	'createCachedContent',
	'batchGenerateContent',
];

const PRO_IMAGE: ImageCapabilities = {
	sizes: ['1K', '2K', '4K'],
	ratios: STANDARD_RATIOS,
	maxReferenceImages: 14,
	search: true,
	imageSearch: false,
	thinkingLevels: ['HIGH'],
	thinkingAlwaysOn: true,
	answerType: 'jpeg',
	pixelTable: 'standard',
};

export const MODELS: readonly ModelSpec[] = [
	{
		id: 'gemini-2.5-flash',
		displayName: 'Gemini 2.5 Flash',
		description: 'Stable version of Gemini 2.5 Flash, our mid-size multimodal model.',
		version: '001',
		inputTokenLimit: 1048576,
		outputTokenLimit: 65536,
		methods: TEXT_METHODS,
	},
	{
		id: 'gemini-2.5-pro',
		displayName: 'Gemini 2.5 Pro',
		description: 'Stable release of Gemini 2.5 Pro.',
		version: '2.5',
		inputTokenLimit: 1048576,
		outputTokenLimit: 65536,
		methods: TEXT_METHODS,
	},
	{
		id: 'gemini-2.5-flash-image',
		displayName: 'Nano Banana',
		description: 'Gemini 2.5 Flash Image: fast image generation and editing.',
		version: '2.0',
		inputTokenLimit: 32768,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: {
			sizes: ['1K'],
			ratios: STANDARD_RATIOS,
			maxReferenceImages: 3,
			search: false,
			imageSearch: false,
			thinkingAlwaysOn: false,
			answerType: 'png',
			pixelTable: 'flash-2.5',
		},
	},
	{
		id: 'gemini-3-pro-image-preview',
		displayName: 'Nano Banana Pro (preview)',
		description: 'Gemini 3 Pro Image Preview: studio-quality image generation with reasoning.',
		version: '3.0',
		inputTokenLimit: 65536,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: PRO_IMAGE,
	},
	{
		id: 'gemini-3-pro-image',
		displayName: 'Nano Banana Pro',
		description: 'Gemini 3 Pro Image: studio-quality image generation with reasoning.',
		version: '3.0',
		inputTokenLimit: 65536,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: PRO_IMAGE,
	},
	{
		id: 'gemini-3.1-flash-image',
		displayName: 'Nano Banana 2',
		description: 'Gemini 3.1 Flash Image: Pro-level image generation at Flash speed.',
		version: '3.1',
		inputTokenLimit: 131072,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: {
			sizes: ['512', '1K', '2K', '4K'],
			ratios: ALL_RATIOS,
			maxReferenceImages: 14,
			search: true,
			imageSearch: true,
			thinkingLevels: ['MINIMAL', 'HIGH'],
			thinkingAlwaysOn: false,
			answerType: 'jpeg',
			pixelTable: 'standard',
			otherInputs: VIDEO_AND_PDF,
		},
	},
	{
		id: 'gemini-3.1-flash-lite-image',
		displayName: 'Nano Banana 2 Lite',
		description: 'Gemini 3.1 Flash-Lite Image: the lowest-latency image model.',
		version: '3.1',
		inputTokenLimit: 32768,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: {
			sizes: ['1K'],
			ratios: STANDARD_RATIOS,
			maxReferenceImages: 14,
			search: false,
			imageSearch: false,
			thinkingAlwaysOn: false,
			answerType: 'jpeg',
			pixelTable: 'standard',
			otherInputs: VIDEO_AND_PDF,
		},
	},
	{
		id: 'gemini-nano-banana-2.1',
		displayName: 'Nano Banana 2.1',
		description: 'Nano Banana 2.1 image generation and editing.',
		version: '2.1',
		inputTokenLimit: 131072,
		outputTokenLimit: 32768,
		methods: IMAGE_METHODS,
		image: {
			sizes: ['1K', '2K', '4K'],
			ratios: ALL_RATIOS,
			maxReferenceImages: 14,
			search: true,
			imageSearch: true,
			thinkingLevels: ['MINIMAL', 'MEDIUM', 'HIGH'],
			defaultThinkingLevel: 'MEDIUM',
			thinkingAlwaysOn: false,
			answerType: 'jpeg',
			pixelTable: 'standard',
			otherInputs: VIDEO_AND_PDF,
		},
	},
	{
		// Its name contains "image" but it cannot generateContent: a list filter must check both.
		id: 'imagen-4.0-generate-001',
		displayName: 'Imagen 4',
		description: 'Vertex served Imagen 4.0 model',
		version: '001',
		inputTokenLimit: 480,
		outputTokenLimit: 8192,
		methods: ['predict'],
	},
	{
		id: 'text-embedding-004',
		displayName: 'Text Embedding 004',
		description: 'Obtain a distributed representation of a text.',
		version: '004',
		inputTokenLimit: 2048,
		outputTokenLimit: 1,
		methods: ['embedContent'],
	},
];

/** Accepts 'x', 'models/x' and a doubled 'models/models/x' that clients build by accident. */
export function bareModelId(model: string): string {
	let id = model;
	while (id.startsWith('models/')) id = id.slice('models/'.length);
	return id;
}

export function findModel(model: string): ModelSpec | undefined {
	const id = bareModelId(model);
	return MODELS.find((m) => m.id === id);
}

/**
 * Ids Google has shut down on the Gemini API (deprecations page, 2026-12): they answer 404 and
 * are not listed. The default of every simulator; a test can set its own list, as a gateway or
 * Vertex AI that still serves them would, or as Google will once it shuts down a deprecated id.
 * `gemini-3.1-flash-image` is deprecated with no shutdown date announced (changelog
 * 2026-10-06), so it still answers.
 */
export const GOOGLE_RETIRED_MODELS: readonly string[] = [
	'gemini-2.5-flash-image',
	'gemini-3-pro-image-preview',
	'gemini-3.1-flash-image-preview',
];

/** The model, unless unknown or retired here. */
export function servedModel(model: string, retired: ReadonlySet<string>): ModelSpec | undefined {
	const spec = findModel(model);
	return spec && !retired.has(spec.id) ? spec : undefined;
}

/** Gemini 3 generation models return and validate thought signatures. */
export function usesThoughtSignatures(modelId: string): boolean {
	const id = bareModelId(modelId);
	return id.startsWith('gemini-3') || id.startsWith('gemini-nano-banana');
}

/** The model resource as ListModels and GetModel return it. */
export function modelResource(spec: ModelSpec): Record<string, unknown> {
	const resource: Record<string, unknown> = {
		name: `models/${spec.id}`,
		version: spec.version,
		displayName: spec.displayName,
		description: spec.description,
		inputTokenLimit: spec.inputTokenLimit,
		outputTokenLimit: spec.outputTokenLimit,
		supportedGenerationMethods: [...spec.methods],
	};
	if (spec.methods.includes('generateContent')) {
		resource.temperature = 1;
		resource.topP = 0.95;
		resource.maxTemperature = 2;
		if (spec.image?.thinkingLevels || !spec.image) resource.thinking = true;
	}
	return resource;
}
