import { randomUUID } from 'node:crypto';

import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	INode,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { harnessEnvironment, recordLogs } from './environment';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	/** The message n8n shows under the credential form. */
	message: string;
	/**
	 * For a failed declarative test: the server's own error message from the response body
	 * (n8n itself shows only the HTTP status text, e.g. "Bad Request").
	 */
	detail?: string;
	/** Everything logged while testing. */
	logs: string[];
}

type CredentialTest =
	| { kind: 'function'; test: ICredentialTestFunction }
	| { kind: 'request'; testRequest: ICredentialTestRequest; nodeType?: INodeType };

/**
 * What n8n does when a user clicks "Test" on a credential (CredentialsTester in n8n's CLI):
 * the credential type's own `test` request if it has one, otherwise the `testedBy` of the
 * node that uses it, either a function of `methods.credentialTest` or a request. Requests are
 * built by n8n-core's RoutingNode, so `={{$credentials.baseUrl}}` resolves and `authenticate`
 * is applied as in n8n.
 */
export async function testCredential(
	credType: ICredentialType,
	data: IDataObject,
	nodeType?: INodeType | IVersionedNodeType,
): Promise<CredentialTestResult> {
	harnessEnvironment();
	const { result, logs } = await recordLogs(
		async () => await runCredentialTest(credType, data, nodeType),
	);
	return { ...result, logs };
}

async function runCredentialTest(
	credType: ICredentialType,
	data: IDataObject,
	nodeType?: INodeType | IVersionedNodeType,
): Promise<Omit<CredentialTestResult, 'logs'>> {
	const test = findCredentialTest(credType, nodeType);
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const credentialsHelper = new HarnessCredentialsHelper({
		[credType.name]: { type: credType, data },
	});
	const mode = 'internal';
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: `credential-test-${randomUUID()}`,
		mode,
	});
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: '1',
		name: `${credType.name} account`,
		type: credType.name,
		data: credentialsHelper.applyDefaults(
			additionalData,
			structuredClone(data) as ICredentialDataDecryptedObject,
			credType.name,
			mode,
		),
	};

	if (test.kind === 'function') {
		return await test.test.call(new CredentialTestContext(), credentialsDecrypted);
	}
	return await runTestRequest(credType, credentialsDecrypted, test, credentialsHelper);
}

function findCredentialTest(
	credType: ICredentialType,
	nodeType?: INodeType | IVersionedNodeType,
): CredentialTest | undefined {
	if (credType.test) return { kind: 'request', testRequest: credType.test };
	if (!nodeType) return undefined;
	const versions: INodeType[] =
		'nodeVersions' in nodeType
			? Object.keys(nodeType.nodeVersions)
					.map(Number)
					.sort((a, b) => b - a)
					.map((version) => nodeType.nodeVersions[version])
			: [nodeType];
	for (const version of versions) {
		for (const { name, testedBy } of version.description.credentials ?? []) {
			if (name !== credType.name || !testedBy) continue;
			if (typeof testedBy !== 'string') {
				return { kind: 'request', testRequest: testedBy, nodeType: version };
			}
			const test = version.methods?.credentialTest?.[testedBy];
			if (test) return { kind: 'function', test };
		}
	}
	return undefined;
}

interface ErrorWithResponse {
	message?: string;
	cause?: {
		code?: string;
		response?: { status: number; statusText?: string; data?: unknown };
	};
}

async function runTestRequest(
	credType: ICredentialType,
	credentialsDecrypted: ICredentialsDecrypted,
	{ testRequest, nodeType }: { testRequest: ICredentialTestRequest; nodeType?: INodeType },
	credentialsHelper: HarnessCredentialsHelper,
): Promise<Omit<CredentialTestResult, 'logs'>> {
	const baseDescription = nodeType?.description ?? {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};
	const testNodeType: INodeType = {
		description: {
			...baseDescription,
			credentials: [{ name: credType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const version = testNodeType.description.version;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: testNodeType.description.name,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		credentials: {
			[credType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: (_name, typeVersion) =>
			NodeHelpers.getVersionedNodeType(testNodeType, typeVersion),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const mode = 'internal';
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: `credential-test-${randomUUID()}`,
		mode,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		createRunExecutionData({ executionData: null }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, credentialsDecrypted);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as ErrorWithResponse;
		const httpResponse = error.cause?.response;
		if (httpResponse) {
			const detail = serverMessage(httpResponse.data);
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === httpResponse.status) {
					return { status: 'Error', message: rule.properties.message, detail };
				}
			}
			if (httpResponse.status < 199 || httpResponse.status > 299) {
				return {
					status: 'Error',
					message: httpResponse.statusText || `Received HTTP status code: ${httpResponse.status}`,
					detail,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json ?? {};
		if (valueAtPath(json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Google answers `{ error: { code, message, status } }`; other servers get their raw text. */
function serverMessage(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	let parsed: unknown = body;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text === 'string') {
		try {
			parsed = JSON.parse(text);
		} catch {
			return text;
		}
	}
	if (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length > 0) {
		const inner = (parsed as { error?: { message?: unknown } }).error;
		if (typeof inner?.message === 'string') return inner.message;
		return JSON.stringify(parsed);
	}
	return undefined;
}

function valueAtPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
