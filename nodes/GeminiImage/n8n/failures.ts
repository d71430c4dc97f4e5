import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ConnectionProblem } from '../gemini/connection/endpoint';
import type { ApiFailure } from '../gemini/failures/errors';
import type { Secrets } from '../gemini/failures/redact';
import { removeSecret } from '../gemini/failures/redact';
import type { MissingImage } from '../gemini/generateContent/response';
import type { SettingProblem } from '../gemini/catalogue/settings';
import type { ReferenceLabels } from './labels';
import { parameterLabel } from './labels';

type NodeError = NodeOperationError | NodeApiError;

const KIND_HEADLINES: Record<Exclude<ApiFailure['kind'], 'api'>, (service: string) => string> = {
	network: (service) => `${service} unreachable`,
	unreadable: (service) =>
		`Unreadable answer from ${service === 'Gemini API' ? 'the Gemini API' : service}`,
	timeout: (service) => `${service} timeout`,
	aborted: (service) => `${service} call stopped`,
	endpoint: (service) => `${service} endpoint answer refused`,
	upload: () => 'Gemini Files API upload failed',
	auth: (service) => `${service} sign-in failed`,
};

function imageLabel(imageNumber: number, imageCount: number): string {
	return imageCount > 1 ? ` (image ${imageNumber} of ${imageCount})` : '';
}

export function settingProblemError(
	node: INode,
	problem: SettingProblem,
	itemIndex: number,
	references?: ReferenceLabels,
): NodeOperationError {
	const error = new NodeOperationError(node, `${problem.message} (item ${itemIndex})`, {
		itemIndex,
		description: `Parameter "${parameterLabel(problem.field, references)}". ${problem.hint}`,
	});
	if (problem.allowed) error.context.allowedValues = [...problem.allowed];
	return error;
}

/** Where a failure happened: the item, its image (of how many), after how many attempts. */
export interface FailurePlace {
	itemIndex: number;
	imageNumber?: number;
	imageCount?: number;
	attempts?: number;
}

export function missingImageError(
	node: INode,
	missing: MissingImage,
	{ itemIndex, imageNumber = 1, imageCount = 1 }: FailurePlace,
): NodeOperationError {
	const said = missing.modelMessage ? `The model said: "${missing.modelMessage}" ` : '';
	const error = new NodeOperationError(
		node,
		`No image for item ${itemIndex}${imageLabel(imageNumber, imageCount)}: ${missing.summary}`,
		{ itemIndex, description: `${said}${missing.hint}` },
	);
	error.context.reason = missing.reason;
	error.context.retryable = missing.retryable;
	if (missing.modelMessage) error.context.modelMessage = missing.modelMessage;
	return error;
}

export function apiFailureError(
	node: INode,
	failure: ApiFailure,
	{ itemIndex, imageNumber = 1, imageCount = 1, attempts = 1 }: FailurePlace,
): NodeApiError {
	const status = [failure.httpStatus, failure.googleStatus].filter(Boolean).join(' ');
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const where = `item ${itemIndex}${imageLabel(imageNumber, imageCount)}${tries}`;
	const service = failure.service ?? 'Gemini API';
	const message =
		failure.kind === 'api'
			? `${service} error for ${where}: ${failure.message}${status ? ` [${status}]` : ''}`
			: `${KIND_HEADLINES[failure.kind](service)} for ${where}: ${failure.message}`;
	const response: JsonObject = {
		message: failure.message,
		...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}),
		...(failure.googleStatus ? { status: failure.googleStatus } : {}),
		...(failure.reason ? { reason: failure.reason } : {}),
	};
	const error = new NodeApiError(node, response, {
		message,
		description: failure.hint,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages holding socket codes (ECONNREFUSED …) for generic ones; the
	// user is better served by the item, the cause and the address.
	error.message = message;
	error.context.reason = failure.reason ?? failure.googleStatus ?? failure.kind.toUpperCase();
	error.context.retryable = failure.retryable;
	error.context.attempts = attempts;
	if (failure.retryDelaySeconds !== undefined && failure.retryable) {
		error.context.retryDelaySeconds = failure.retryDelaySeconds;
	}
	return error;
}

/**
 * Any other error met while working on an item (an expression that fails, a binary that cannot
 * be read) as the node error a user reads. Google's answers never arrive here: they are
 * classified where the calls are made.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	secrets: Secrets,
): NodeError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const source = error instanceof Error ? error : new Error(String(error));
	const message = removeSecret(source.message, secrets);
	const described = (source as { description?: unknown }).description;
	const nodeError = new NodeOperationError(node, `${message} (item ${itemIndex})`, {
		itemIndex,
		description:
			typeof described === 'string' && described
				? removeSecret(described, secrets)
				: 'Check the parameters and expressions of this node for this item.',
	});
	nodeError.context.reason = 'NODE_ERROR';
	nodeError.context.retryable = false;
	return nodeError;
}

/** A credential the node cannot use: no key, a key with a line break, a Base URL with a password. */
export function credentialError(
	node: INode,
	problem: ConnectionProblem,
	itemIndex: number,
	reason = 'INVALID_CREDENTIAL',
	credential = 'Gemini Image API',
): NodeOperationError {
	const error = new NodeOperationError(
		node,
		`${problem.message} (${credential} credential, item ${itemIndex})`,
		{ itemIndex, description: problem.hint },
	);
	error.context.reason = reason;
	error.context.retryable = false;
	return error;
}

export function missingKeyError(
	node: INode,
	itemIndex: number,
	vertex = false,
): NodeOperationError {
	const error = new NodeOperationError(
		node,
		vertex
			? `The Gemini Image (Vertex AI) API credential has no express-mode API key (item ${itemIndex})`
			: `The Gemini Image API credential has no API key (item ${itemIndex})`,
		{
			itemIndex,
			description: vertex
				? 'Open the credential and paste a Vertex AI express-mode key, or sign in with a service account.'
				: 'Open the credential and paste a key from https://aistudio.google.com/apikey (or set a gateway key).',
		},
	);
	error.context.reason = 'MISSING_API_KEY';
	error.context.retryable = false;
	return error;
}

/** The JSON of an error item under "Continue On Fail": message, reason, and whether to retry. */
export function errorItemJson(error: NodeError): IDataObject {
	const context = error.context as IDataObject;
	const details: IDataObject = {
		message: error.message,
		description: error.description ?? undefined,
		reason: (context.reason as string | undefined) ?? 'INVALID_PARAMETER',
		retryable: context.retryable === true,
	};
	if (error instanceof NodeApiError && error.httpCode) details.httpStatus = Number(error.httpCode);
	if (context.retryDelaySeconds !== undefined)
		details.retryDelaySeconds = context.retryDelaySeconds;
	if (context.modelMessage) details.modelMessage = context.modelMessage;
	if (Array.isArray(context.allowedValues)) details.allowedValues = context.allowedValues;
	if (typeof context.attempts === 'number' && context.attempts > 1)
		details.attempts = context.attempts;
	return { error: details };
}
