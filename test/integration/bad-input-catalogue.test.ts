/**
 * Bad input across every operation, one row each: the message a user reads (naming the item and,
 * where it is a setting, the parameter), the error class (NodeOperationError for what the user
 * set, NodeApiError for what Google answered), and, under Continue On Fail, that the run goes on
 * and the good item beside the bad one still yields its image.
 *
 * Every row runs two items through the node: item 0 is good, item 1 is bad (rows about the
 * credential fail both). Jest fails the running test on an unhandled rejection, and each row
 * waits a turn of the event loop after its runs so a late one is caught there.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { InputItem, RunResult } from '../harness';
import type { ErrorJson } from './setup';
import {
	closedPort,
	file,
	BROKEN_GIF,
	generateRequests,
	imageOf,
	model,
	noisePng,
	pngBytes,
	runGeminiImage,
	uploadRequests,
	useSimulator,
} from './setup';

// Retired ids served too, as a gateway or Vertex AI serves them: their rules stay tested.
const simulator = useSimulator({ retiredModels: [] });

type ErrorClass = typeof NodeOperationError | typeof NodeApiError;

interface Context {
	/** A loopback port nothing listens on. */
	deadPort: number;
}

interface BadInputCase {
	name: string;
	operation: 'generate' | 'edit' | 'compose' | 'generateWithSearch' | 'refine';
	/** Parameters besides the operation; per-item differences come through expressions. */
	parameters: Record<string, unknown>;
	/** Item 0 (good) and item 1 (bad). */
	items: () => [InputItem, InputItem];
	credentials?: (context: Context) => IDataObject;
	/** The credential is bad: every item fails, each error naming its own item. */
	everyItemFails?: boolean;
	error: ErrorClass;
	message: (item: number, context: Context) => string;
	/** Where the user looks next: the parameter named, or the fix. */
	description: string;
	/** Extra fields of the Continue-On-Fail error item; defaults follow the error class. */
	json?: Partial<ErrorJson>;
	/** generateContent requests the simulator receives in the Continue-On-Fail run. */
	requests: number;
}

const PROMPT = '={{ $json.prompt }}';
const FLASH = 'gemini-2.5-flash-image';
const PRO = 'gemini-3-pro-image';
const NB2 = 'gemini-3.1-flash-image';
const NB21 = 'gemini-nano-banana-2.1';
const LITE = 'gemini-3.1-flash-lite-image';

const NANO_BANANA = 'Nano Banana (Gemini 2.5 Flash Image)';
const NANO_BANANA_PRO = 'Nano Banana Pro (Gemini 3 Pro Image)';
const STANDARD_RATIOS = '1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9';
const ACCEPTED =
	'Accepted types: image/png, image/jpeg, image/webp, image/heic, image/heif, image/gif.';
const RELABEL = 'Set the right MIME type where the file is read, or re-export the image.';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const TEXT = Buffer.from('Shopping list: apples, pears\n');
const RANDOM = Buffer.from(Array.from({ length: 600 }, (_, index) => (index * 7919 + 13) % 256));
const SMALL_PNG = pngBytes(96, 64);

/** Two items that differ only in their JSON: the parameters read it through expressions. */
const jsonItems =
	(good: IDataObject, bad: IDataObject): (() => [InputItem, InputItem]) =>
	() => [
		{ json: { prompt: 'A lighthouse at dawn', ...good } },
		{ json: { prompt: 'A fox', ...bad } },
	];

/** An item holding `count` small PNGs as binary properties ref1 … refN. */
function withImages(count: number, json: IDataObject = {}): InputItem {
	return {
		json,
		binary: Object.fromEntries(
			Array.from({ length: count }, (_, index) => [
				`ref${index + 1}`,
				file(SMALL_PNG, 'image/png', `ref${index + 1}.png`),
			]),
		),
	};
}

const goodPhoto = (): InputItem => ({
	json: { prompt: 'Add a red hat' },
	binary: { data: file(SMALL_PNG, 'image/png', 'photo.png') },
});

const photoItems =
	(bad: InputItem): (() => [InputItem, InputItem]) =>
	() => [goodPhoto(), { ...bad, json: { prompt: 'Add a blue hat', ...bad.json } }];

const emptyPromptCase = (
	name: string,
	operation: BadInputCase['operation'],
	parameters: Record<string, unknown>,
	items: () => [InputItem, InputItem],
	description: string,
): BadInputCase => ({
	name,
	operation,
	parameters,
	items,
	error: NodeOperationError,
	message: (item) => `The prompt is empty for item ${item}`,
	description,
	requests: 1,
});

const settingCase = (
	name: string,
	operation: BadInputCase['operation'],
	parameters: Record<string, unknown>,
	items: () => [InputItem, InputItem],
	message: string,
	description: string,
): BadInputCase => ({
	name,
	operation,
	parameters,
	items,
	error: NodeOperationError,
	message: (item) => `${message} (item ${item})`,
	description,
	requests: 1,
});

/** The conversation and image a Generate node outputs, for the Refine rows (filled in beforeAll). */
const generated: { conversation?: IDataObject; image?: Buffer } = {};

function refineItems(bad: (conversation: IDataObject) => InputItem): () => [InputItem, InputItem] {
	return () => {
		const conversation = generated.conversation as IDataObject;
		const image = generated.image as Buffer;
		const badItem = bad(structuredClone(conversation));
		return [
			{
				json: { prompt: 'Now make it night', conversation },
				binary: { data: file(image, 'image/jpeg', 'answer.jpg') },
			},
			{ ...badItem, json: { prompt: 'Now make it snow', ...badItem.json } },
		];
	};
}

const REFINE_HINT = 'Parameter "Conversation Field" reads "conversation".';

const CASES: BadInputCase[] = [
	// Generate: the prompt
	emptyPromptCase(
		'Generate: an empty prompt',
		'generate',
		{ model: model(NB2), prompt: PROMPT },
		jsonItems({}, { prompt: '' }),
		'Parameter "Prompt": type what the image should show, or check that its expression gives text for this item.',
	),
	emptyPromptCase(
		'Generate: a prompt of whitespace only',
		'generate',
		{ model: model(NB2), prompt: PROMPT },
		jsonItems({}, { prompt: ' \n\t  ' }),
		'Parameter "Prompt"',
	),
	emptyPromptCase(
		'Generate: a prompt expression that resolves to nothing',
		'generate',
		{ model: model(NB2), prompt: '={{ $json.caption }}' },
		jsonItems({ caption: 'A harbour at noon' }, {}),
		'check that its expression gives text for this item',
	),
	// Generate: settings the model lacks
	settingCase(
		'Generate: 4K on Nano Banana (2.5 Flash)',
		'generate',
		{ model: model(FLASH), prompt: PROMPT, options: { imageSize: '={{ $json.size }}' } },
		jsonItems({ size: '1K' }, { size: '4K' }),
		`${NANO_BANANA} cannot make 4K images`,
		'Parameter "Options > Image Size". Choose one of: 1K (for 2K or 4K use Nano Banana Pro (gemini-3-pro-image) or Nano Banana 2.1 (gemini-nano-banana-2.1)).',
	),
	settingCase(
		'Generate: 512 on Nano Banana Pro',
		'generate',
		{ model: model(PRO), prompt: PROMPT, options: { imageSize: '={{ $json.size }}' } },
		jsonItems({ size: '1K' }, { size: '512' }),
		`${NANO_BANANA_PRO} cannot make 512 images`,
		'Parameter "Options > Image Size". Choose one of: 1K, 2K, 4K.',
	),
	settingCase(
		'Generate: a size no model has (8K, from an expression)',
		'generate',
		{ model: model(NB2), prompt: PROMPT, options: { imageSize: '={{ $json.size }}' } },
		jsonItems({ size: '2K' }, { size: '8K' }),
		'Nano Banana 2 (Gemini 3.1 Flash Image) cannot make 8K images',
		'Parameter "Options > Image Size". Choose one of: 512, 1K, 2K, 4K.',
	),
	settingCase(
		'Generate: 8:1 on Nano Banana Pro',
		'generate',
		{ model: model(PRO), prompt: PROMPT, options: { aspectRatio: '={{ $json.ratio }}' } },
		jsonItems({ ratio: '16:9' }, { ratio: '8:1' }),
		`${NANO_BANANA_PRO} does not take the aspect ratio 8:1`,
		`Parameter "Options > Aspect Ratio". Choose one of: ${STANDARD_RATIOS}.`,
	),
	settingCase(
		'Generate: a thinking level on Nano Banana (2.5 Flash)',
		'generate',
		{ model: model(FLASH), prompt: PROMPT, options: { thinkingLevel: '={{ $json.thinking }}' } },
		jsonItems({ thinking: 'default' }, { thinking: 'HIGH' }),
		`${NANO_BANANA} does not think, so thinking cannot be set`,
		'Parameter "Options > Thinking Level". Remove the thinking options, or use a Gemini 3 image model.',
	),
	settingCase(
		'Generate: Include Thoughts on Nano Banana (2.5 Flash)',
		'generate',
		{ model: model(FLASH), prompt: PROMPT, options: { includeThoughts: '={{ $json.thoughts }}' } },
		jsonItems({ thoughts: false }, { thoughts: true }),
		`${NANO_BANANA} does not think, so thinking cannot be set`,
		'Parameter "Options > Include Thoughts".',
	),
	settingCase(
		'Generate: thinking level Minimal on Nano Banana Pro',
		'generate',
		{ model: model(PRO), prompt: PROMPT, options: { thinkingLevel: '={{ $json.thinking }}' } },
		jsonItems({ thinking: 'HIGH' }, { thinking: 'MINIMAL' }),
		`${NANO_BANANA_PRO} does not take the thinking level MINIMAL`,
		'Parameter "Options > Thinking Level". Choose one of: HIGH.',
	),
	{
		name: 'Generate: Number of Images 0',
		operation: 'generate',
		parameters: {
			model: model(NB2),
			prompt: PROMPT,
			options: { numberOfImages: '={{ $json.n }}' },
		},
		items: jsonItems({ n: 1 }, { n: 0 }),
		error: NodeOperationError,
		message: (item) => `Number of Images must be a whole number from 1 to 8 for item ${item}`,
		description: 'Parameter "Options > Number of Images" is 0.',
		requests: 1,
	},
	{
		name: 'Generate: Number of Images 9',
		operation: 'generate',
		parameters: {
			model: model(NB2),
			prompt: PROMPT,
			options: { numberOfImages: '={{ $json.n }}' },
		},
		items: jsonItems({ n: 1 }, { n: 9 }),
		error: NodeOperationError,
		message: (item) => `Number of Images must be a whole number from 1 to 8 for item ${item}`,
		description: 'Parameter "Options > Number of Images" is 9.',
		requests: 1,
	},
	{
		name: 'Generate: Number of Images that is not a number',
		operation: 'generate',
		parameters: {
			model: model(NB2),
			prompt: PROMPT,
			options: { numberOfImages: '={{ $json.n }}' },
		},
		items: jsonItems({ n: 1 }, { n: 'three' }),
		error: NodeOperationError,
		message: (item) => `Number of Images must be a whole number from 1 to 8 for item ${item}`,
		description: 'Parameter "Options > Number of Images" is "three".',
		requests: 1,
	},
	// Generate: a model id Google does not know, or one that makes no images
	{
		name: 'Generate: an unknown model id, passed through to Google',
		operation: 'generate',
		parameters: { model: model('={{ $json.model }}'), prompt: PROMPT },
		items: jsonItems({ model: NB2 }, { model: 'gemini-9-imaginary-image' }),
		error: NodeApiError,
		message: (item) =>
			`Gemini API error for item ${item}: models/gemini-9-imaginary-image is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods. [404 NOT_FOUND]`,
		description: 'pick a model from the list',
		json: { reason: 'NOT_FOUND', retryable: false, httpStatus: 404 },
		requests: 2,
	},
	{
		name: 'Generate: a text model id (gemini-2.5-flash)',
		operation: 'generate',
		parameters: { model: model('={{ $json.model }}'), prompt: PROMPT },
		items: jsonItems({ model: NB2 }, { model: 'gemini-2.5-flash' }),
		error: NodeApiError,
		message: (item) =>
			`Gemini API error for item ${item}: Model does not support the requested response modalities: image [400 INVALID_ARGUMENT]`,
		description: 'Google rejected the request',
		json: { reason: 'INVALID_ARGUMENT', retryable: false, httpStatus: 400 },
		requests: 2,
	},
	// Generate with Google Search
	settingCase(
		'Generate with Google Search: Nano Banana (2.5 Flash)',
		'generateWithSearch',
		{ model: model('={{ $json.model }}'), prompt: PROMPT },
		jsonItems({ model: NB2 }, { model: FLASH }),
		`${NANO_BANANA} cannot ground images with Google Search`,
		'Parameter "Operation". Use Nano Banana Pro (gemini-3-pro-image) or Nano Banana 2.1 (gemini-nano-banana-2.1).',
	),
	settingCase(
		'Generate with Google Search: Nano Banana 2 Lite',
		'generateWithSearch',
		{ model: model('={{ $json.model }}'), prompt: PROMPT },
		jsonItems({ model: PRO }, { model: LITE }),
		'Nano Banana 2 Lite (Gemini 3.1 Flash-Lite Image) cannot ground images with Google Search',
		'Parameter "Operation".',
	),
	emptyPromptCase(
		'Generate with Google Search: an empty prompt',
		'generateWithSearch',
		{ model: model(NB2), prompt: PROMPT },
		jsonItems({}, { prompt: '' }),
		'Parameter "Prompt"',
	),
	// Edit: the input image
	{
		name: 'Edit: an item with no binary data',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ json: { note: 'no file' } }),
		error: NodeOperationError,
		message: (item) => `Item ${item} has no binary property "data"`,
		description:
			'Parameter "Input Binary Properties" names "data". It has no binary data at all. Read the image with a node such as Read/Write Files from Disk or HTTP Request first, or correct the name.',
		requests: 1,
	},
	{
		name: 'Edit: the image under another property name',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { photo: file(SMALL_PNG, 'image/png', 'photo.png') } }),
		error: NodeOperationError,
		message: (item) => `Item ${item} has no binary property "data"`,
		description: 'Parameter "Input Binary Properties" names "data". It has: photo.',
		requests: 1,
	},
	{
		name: 'Edit: no property named at all',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT, inputBinaryProperties: '={{ $json.props }}' },
		items: () => [
			{ ...goodPhoto(), json: { prompt: 'Add a red hat', props: 'data' } },
			{ ...goodPhoto(), json: { prompt: 'Add a blue hat', props: ' , ' } },
		],
		error: NodeOperationError,
		message: (item) => `No input image is named for item ${item}`,
		description:
			'Parameter "Input Binary Properties": name the binary property holding the image, usually "data".',
		requests: 1,
	},
	{
		name: 'Edit: a PDF on a model that takes images only',
		operation: 'edit',
		parameters: { model: model(PRO), prompt: PROMPT },
		items: photoItems({ binary: { data: file(PDF, 'application/pdf', 'report.pdf') } }),
		error: NodeOperationError,
		message: (item) =>
			`Nano Banana Pro (Gemini 3 Pro Image) takes no PDF references: "data" (report.pdf) is a PDF (item ${item})`,
		description: 'Parameter "Input Binary Properties". Nano Banana Pro takes images only.',
		requests: 1,
	},
	{
		name: 'Edit: a text file',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { data: file(TEXT, 'text/plain', 'list.txt') } }),
		error: NodeOperationError,
		message: (item) =>
			`Binary property "data" (list.txt) of item ${item} is text/plain, which Gemini does not take as an image`,
		description: `Parameter "Input Binary Properties". ${ACCEPTED}`,
		requests: 1,
	},
	{
		name: 'Edit: a GIF whose frames cannot be decoded',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { data: file(BROKEN_GIF, 'image/gif', 'broken.gif') } }),
		error: NodeOperationError,
		message: (item) =>
			`Binary property "data" (broken.gif) of item ${item} is a GIF that cannot be read`,
		description:
			'Parameter "Input Binary Properties". The GIF decoder said: Unknown gif block: 0x55. Re-export the image as PNG or JPEG.',
		requests: 1,
	},
	{
		name: 'Edit: PNG bytes labelled image/jpeg',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { data: file(SMALL_PNG, 'image/jpeg', 'photo.jpg') } }),
		error: NodeOperationError,
		message: (item) =>
			`Binary property "data" (photo.jpg) of item ${item} claims to be image/jpeg but holds image/png data`,
		description: `Parameter "Input Binary Properties". ${RELABEL}`,
		requests: 1,
	},
	{
		name: 'Edit: random bytes labelled image/png',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { data: file(RANDOM, 'image/png', 'broken.png') } }),
		error: NodeOperationError,
		message: (item) =>
			`Binary property "data" (broken.png) of item ${item} claims to be image/png but is not an image`,
		description: `Parameter "Input Binary Properties". ${RELABEL}`,
		requests: 1,
	},
	{
		name: 'Edit: an empty file',
		operation: 'edit',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: photoItems({ binary: { data: file(Buffer.alloc(0), 'image/png', 'empty.png') } }),
		error: NodeOperationError,
		message: (item) => `Binary property "data" (empty.png) of item ${item} is an empty file`,
		description: 'Parameter "Input Binary Properties". Check the node that produced it.',
		requests: 1,
	},
	{
		name: 'Edit: 4 images on Nano Banana (2.5 Flash), which takes 3',
		operation: 'edit',
		parameters: {
			model: model(FLASH),
			prompt: PROMPT,
			inputBinaryProperties: '={{ $json.props }}',
		},
		items: () => [
			withImages(2, { prompt: 'Blend', props: 'ref1, ref2' }),
			withImages(4, { prompt: 'Blend', props: 'ref1, ref2, ref3, ref4' }),
		],
		error: NodeOperationError,
		message: (item) =>
			`4 reference images are more than ${NANO_BANANA} takes (at most 3) (item ${item})`,
		description:
			'Parameter "Input Binary Properties". Send at most 3 images, or use a Gemini 3 image model (up to 14).',
		requests: 1,
	},
	// Compose from references
	{
		name: 'Compose: 4 references on Nano Banana (2.5 Flash)',
		operation: 'compose',
		parameters: { model: model(FLASH), prompt: PROMPT, referenceSource: 'allProperties' },
		items: () => [withImages(3, { prompt: 'Combine' }), withImages(4, { prompt: 'Combine' })],
		error: NodeOperationError,
		message: (item) =>
			`4 reference images are more than ${NANO_BANANA} takes (at most 3) (item ${item})`,
		description: 'Parameter "References From". Send at most 3 images',
		requests: 1,
	},
	{
		name: 'Compose: 15 references on Nano Banana Pro',
		operation: 'compose',
		parameters: { model: model(PRO), prompt: PROMPT, referenceSource: 'allProperties' },
		items: () => [withImages(2, { prompt: 'Combine' }), withImages(15, { prompt: 'Combine' })],
		error: NodeOperationError,
		message: (item) =>
			`15 reference images are more than ${NANO_BANANA_PRO} takes (at most 14) (item ${item})`,
		description: 'Parameter "References From". Send at most 14 images.',
		requests: 1,
	},
	{
		name: 'Compose: 4 style references on Nano Banana Pro, which takes 3',
		operation: 'compose',
		parameters: {
			model: model(PRO),
			prompt: PROMPT,
			referenceSource: 'allProperties',
			defaultRole: '={{ $json.role }}',
		},
		items: () => [
			withImages(4, { prompt: 'Combine', role: 'object' }),
			withImages(4, { prompt: 'Combine', role: 'style' }),
		],
		error: NodeOperationError,
		message: (item) =>
			`4 style references are more than ${NANO_BANANA_PRO} takes (at most 3) (item ${item})`,
		description: 'Parameter "Role of Every Image". Give at most 3 images the role "style".',
		requests: 1,
	},
	{
		name: 'Compose: a named reference the item lacks',
		operation: 'compose',
		parameters: {
			model: model(PRO),
			prompt: PROMPT,
			referenceSource: 'namedProperties',
			references: {
				reference: [
					{ binaryProperty: 'room', role: 'object', label: 'room' },
					{ binaryProperty: 'person', role: 'character', label: 'Anna' },
				],
			},
		},
		items: () => [
			{
				json: { prompt: 'Anna in the room' },
				binary: {
					room: file(SMALL_PNG, 'image/png', 'room.png'),
					person: file(SMALL_PNG, 'image/png', 'anna.png'),
				},
			},
			{ json: { prompt: 'Anna in the room' }, binary: { room: file(SMALL_PNG, 'image/png') } },
		],
		error: NodeOperationError,
		message: (item) => `Item ${item} has no binary property "person"`,
		description:
			'Parameter "References > Reference 2 > Binary Property" names "person". It has: room.',
		requests: 1,
	},
	{
		name: 'Compose: an item with no images at all',
		operation: 'compose',
		parameters: { model: model(PRO), prompt: PROMPT, referenceSource: 'allProperties' },
		items: () => [withImages(2, { prompt: 'Combine' }), { json: { prompt: 'Combine' } }],
		error: NodeOperationError,
		message: (item) => `No reference images for item ${item}`,
		description: 'Parameter "References From": the item(s) hold no binary data.',
		requests: 1,
	},
	{
		name: 'Compose: a PDF among the references',
		operation: 'compose',
		parameters: { model: model(PRO), prompt: PROMPT, referenceSource: 'allProperties' },
		items: () => [
			withImages(2, { prompt: 'Combine' }),
			{
				json: { prompt: 'Combine' },
				binary: {
					ref1: file(SMALL_PNG, 'image/png', 'ref1.png'),
					brief: file(PDF, 'application/pdf', 'brief.pdf'),
				},
			},
		],
		error: NodeOperationError,
		message: (item) =>
			`Nano Banana Pro (Gemini 3 Pro Image) takes no PDF references: "brief" (brief.pdf) is a PDF (item ${item})`,
		description: 'Parameter "References From". Nano Banana Pro takes images only.',
		requests: 1,
	},
	// Refine: conversations that cannot be continued
	emptyPromptCase(
		'Refine: an empty instruction',
		'refine',
		{ prompt: PROMPT },
		refineItems((conversation) => ({
			json: { prompt: '   ', conversation },
			binary: { data: file(generated.image as Buffer, 'image/jpeg', 'answer.jpg') },
		})),
		'Parameter "Prompt"',
	),
	{
		name: 'Refine: no conversation on the item',
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems(() => ({ json: {} })),
		error: NodeOperationError,
		message: (item) => `Cannot continue the conversation of item ${item}: there is no conversation`,
		description: REFINE_HINT,
		requests: 1,
	},
	{
		name: 'Refine: a conversation that is not valid JSON',
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems(() => ({ json: { conversation: '{"version": 1, "turns": [' } })),
		error: NodeOperationError,
		message: (item) =>
			`Cannot continue the conversation of item ${item}: the conversation is text that is not valid JSON`,
		description: REFINE_HINT,
		requests: 1,
	},
	{
		name: 'Refine: a conversation of another version',
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems((conversation) => ({
			json: { conversation: { ...conversation, version: 3 } },
			binary: { data: file(SMALL_PNG, 'image/png') },
		})),
		error: NodeOperationError,
		message: (item) =>
			`Cannot continue the conversation of item ${item}: the conversation has version 3, expected 1`,
		description: REFINE_HINT,
		requests: 1,
	},
	{
		name: "Refine: a conversation without the model's answer",
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems((conversation) => ({
			json: {
				conversation: { ...conversation, turns: (conversation.turns as IDataObject[]).slice(0, 1) },
			},
		})),
		error: NodeOperationError,
		message: (item) =>
			`Cannot continue the conversation of item ${item}: the conversation ends without the model's answer`,
		description: REFINE_HINT,
		requests: 1,
	},
	{
		name: 'Refine: a conversation holding base64 instead of a binary reference',
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems((conversation) => {
			const turns = conversation.turns as Array<{ parts: IDataObject[] }>;
			turns[1].parts[1] = {
				inlineData: { mimeType: 'image/png', data: SMALL_PNG.toString('base64') },
			};
			return { json: { conversation } };
		}),
		error: NodeOperationError,
		message: (item) =>
			`Cannot continue the conversation of item ${item}: turn 2, part 2 holds raw image data instead of a binary property reference`,
		description: REFINE_HINT,
		requests: 1,
	},
	{
		name: 'Refine: the image of the conversation lost on the way',
		operation: 'refine',
		parameters: { prompt: PROMPT },
		items: refineItems((conversation) => ({ json: { conversation } })),
		error: NodeOperationError,
		message: (item) =>
			`Cannot continue the conversation of item ${item}: turn 2, part 2 refers to binary property "data", which the item does not have`,
		description: 'A node between the Gemini Image nodes dropped the binary data.',
		requests: 1,
	},
	// The credential: every item fails, each naming itself
	{
		name: 'Credential: a wrong API key',
		operation: 'generate',
		parameters: { model: model(NB2), prompt: PROMPT },
		items: jsonItems({}, {}),
		credentials: () => ({ apiKey: 'AIzaSy-wrong-key-0000' }),
		everyItemFails: true,
		error: NodeApiError,
		message: (item) =>
			`Gemini API error for item ${item}: API key not valid. Please pass a valid API key. [400 INVALID_ARGUMENT]`,
		description:
			'The API key is not valid: copy it again from https://aistudio.google.com/apikey into the Gemini Image API credential.',
		json: { reason: 'API_KEY_INVALID', retryable: false, httpStatus: 400 },
		requests: 2,
	},
	{
		name: 'Credential: a Base URL that does not answer',
		operation: 'generate',
		parameters: { model: model(NB2), prompt: PROMPT, options: { maxRetries: 0 } },
		items: jsonItems({}, {}),
		credentials: ({ deadPort }) => ({ baseUrl: `http://127.0.0.1:${deadPort}` }),
		everyItemFails: true,
		error: NodeApiError,
		message: (item, { deadPort }) =>
			`Gemini API unreachable for item ${item}: fetch failed: connect ECONNREFUSED 127.0.0.1:${deadPort}`,
		description: "check the credential's Base URL",
		json: { reason: 'NETWORK', retryable: true },
		requests: 0,
	},
	{
		name: 'Credential: an API version the API does not have',
		operation: 'generate',
		parameters: { model: model(NB21), prompt: PROMPT },
		items: jsonItems({}, {}),
		credentials: () => ({ apiVersion: 'v2' }),
		everyItemFails: true,
		error: NodeApiError,
		// Google's front end answers an unknown version with its HTML page, not the API's JSON:
		// the message holds the page's text, not its markup.
		message: (item) =>
			`Gemini API error for item ${item}: Error 404 (Not Found)!!1 404. That’s an error. The requested URL /v2/models/${NB21}:generateContent was not found on this server. That’s all we know. [404 Not Found]`,
		description: "check the credential's Base URL and API Version",
		json: { reason: 'Not Found', retryable: false, httpStatus: 404 },
		requests: 2,
	},
];

let context: Context;

beforeAll(async () => {
	context = { deadPort: await closedPort() };
	const made = await runGeminiImage(simulator(), {
		operation: 'generate',
		model: model(NB2),
		prompt: 'A lighthouse at dawn',
	});
	// The turns in the item JSON, as version 1 conversations hold them: the rows edit them there.
	generated.conversation = JSON.parse(
		(await made.readBinary(made.items[0], 'conversation')).toString(),
	);
	generated.image = await made.readBinary(made.items[0]);
});

/** Lets a rejection nobody handled surface while its test is still the one running. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function expectErrorClass(error: unknown, expected: ErrorClass): void {
	// Exactly that class: not a plain Error, not n8n's generic wrapper.
	expect((error as object | undefined)?.constructor).toBe(expected);
}

async function expectImage(result: RunResult, item: INodeExecutionData): Promise<void> {
	expect(item.json.error).toBeUndefined();
	const image = await imageOf(result, item);
	// The bytes are the type the item says (Nano Banana 2 answers JPEG, as live).
	expect(`image/${image.type === 'jpg' ? 'jpeg' : image.type}`).toBe(item.json.mimeType);
	expect([image.width, image.height]).toEqual([item.json.width, item.json.height]);
}

describe('bad input catalogue', () => {
	it('holds the 44 rows written for it, each once, across every operation', () => {
		// Counted by hand from the sections below: a row lost in an edit, or pasted twice, fails here.
		const count = (key: (row: BadInputCase) => string) =>
			CASES.reduce<Record<string, number>>((counts, row) => {
				counts[key(row)] = (counts[key(row)] ?? 0) + 1;
				return counts;
			}, {});
		expect(count((row) => row.name.slice(0, row.name.indexOf(':')))).toEqual({
			Generate: 15,
			'Generate with Google Search': 3,
			Edit: 10,
			Compose: 6,
			Refine: 7,
			Credential: 3,
		});
		expect(count((row) => row.operation)).toEqual({
			generate: 18,
			generateWithSearch: 3,
			edit: 10,
			compose: 6,
			refine: 7,
		});
		expect(new Set(CASES.map((row) => row.name)).size).toBe(44);
	});

	it.each(CASES)('$name', async (row) => {
		const parameters = { operation: row.operation, ...row.parameters };
		const credentials = row.credentials?.(context);
		const firstBad = row.everyItemFails ? 0 : 1;

		// Without Continue On Fail: the run stops with the bad item's message.
		const stopped = await runGeminiImage(simulator(), parameters, {
			input: row.items(),
			credentials,
		});
		expect(stopped.items).toEqual([]);
		expectErrorClass(stopped.error, row.error);
		const thrown = stopped.error as NodeOperationError | NodeApiError;
		expect(thrown.message).toBe(row.message(firstBad, context));
		expect(thrown.description).toContain(row.description);
		await settle();

		// With it: one item per input item, in order; the good one keeps its image.
		simulator().reset();
		const continued = await runGeminiImage(simulator(), parameters, {
			input: row.items(),
			credentials,
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const failed = row.everyItemFails ? [0, 1] : [1];
		if (!row.everyItemFails) await expectImage(continued, continued.items[0]);
		for (const index of failed) {
			const item = continued.items[index];
			expect(item.binary).toBeUndefined();
			const error = item.json.error as ErrorJson;
			expect(error.message).toBe(row.message(index, context));
			expect(error.description).toContain(row.description);
			const defaults: Partial<ErrorJson> =
				row.error === NodeOperationError ? { reason: 'INVALID_PARAMETER', retryable: false } : {};
			expect(error).toMatchObject({ ...defaults, ...row.json });
			if (row.error === NodeOperationError) expect(error.httpStatus).toBeUndefined();
		}
		expect(generateRequests(simulator())).toHaveLength(row.requests);
		await settle();
	});
});

describe('a huge input image is not bad input', () => {
	it('a 20 MB PNG to edit goes through the Files API and yields the image', async () => {
		// Random pixels do not compress: about 2200 x 2200 x 4 bytes, past the 20 MB inline budget
		// once base64 adds its third.
		const huge = noisePng(2200, 2200);
		expect(huge.length).toBeGreaterThan(15 * 1024 * 1024);
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'edit', model: model(NB2), prompt: PROMPT },
			{
				continueOnFail: true,
				input: [
					goodPhoto(),
					{
						json: { prompt: 'Add a blue hat' },
						binary: { data: file(huge, 'image/png', 'huge.png') },
					},
				],
			},
		);
		expect(result.items.map((item) => item.json.error)).toEqual([undefined, undefined]);
		await expectImage(result, result.items[0]);
		await expectImage(result, result.items[1]);
		expect(result.items[1].json).toMatchObject({ width: 1024, height: 1024 });
		// One resumable upload, the huge image only: its start, then its bytes in 8 MiB chunks.
		const uploads = uploadRequests(simulator());
		expect(uploads.map((request) => request.headers['x-goog-upload-command'])).toEqual([
			'start',
			'upload',
			'upload',
			'upload, finalize',
		]);
		expect(uploads[0].body).toMatchObject({ file: { displayName: 'huge.png' } });
		expect(uploads.slice(1).reduce((sum, request) => sum + request.bodyBytes, 0)).toBe(huge.length);
		const hugeRequest = generateRequests(simulator()).find((request) =>
			JSON.stringify(request.body).includes('Add a blue hat'),
		);
		expect(hugeRequest?.bodyBytes).toBeLessThan(1024 * 1024);
		expect(JSON.stringify(hugeRequest?.body)).toContain('"fileData"');
		await settle();
	}, 60_000);
});

describe('errors once misread, now named for what they are', () => {
	// An expression that fails (here: a node that does not exist) is the user's setting: it used to
	// come out as a network failure with a Base URL hint, retryable.
	it('an expression that fails names the item and the parameter, not the network', async () => {
		const parameters = {
			operation: 'generate',
			model: model(NB2),
			prompt: "={{ $json.prompt ?? $('Nowhere').item.json.caption }}",
		};
		const input = [{ json: { prompt: 'A lighthouse at dawn' } }, { json: {} }];
		const stopped = await runGeminiImage(simulator(), parameters, { input });
		expectErrorClass(stopped.error, NodeOperationError);
		expect(stopped.error?.message).toContain('item 1');
		expect(stopped.error?.message).not.toMatch(/unreachable/);

		const continued = await runGeminiImage(simulator(), parameters, {
			input,
			continueOnFail: true,
		});
		await expectImage(continued, continued.items[0]);
		expect(continued.items[1].json.error).toMatchObject({ retryable: false });
		expect((continued.items[1].json.error as ErrorJson).reason).not.toBe('NETWORK');
	});

	// An empty API key used to be sent to Google as no key at all, and the 403 that came back was
	// explained as a project without access to the model.
	it('an empty API key is refused before any request, naming the credential', async () => {
		const result = await runGeminiImage(
			simulator(),
			{ operation: 'generate', model: model(NB2), prompt: 'A lighthouse' },
			{ credentials: { apiKey: '' } },
		);
		expect(generateRequests(simulator())).toHaveLength(0);
		expectErrorClass(result.error, NodeOperationError);
		expect(result.error?.message).toMatch(/API key/i);
		expect(result.error?.message).toContain('item 0');
	});
});
