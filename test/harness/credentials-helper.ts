import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, isExpression } from 'n8n-workflow';

export interface HarnessCredential {
	/** The credential class, e.g. `new GeminiImageApi()`: gives defaults and `authenticate`. */
	type?: ICredentialType;
	/** What the user typed into the credential form (decrypted). */
	data: IDataObject;
}

/**
 * Stands in for n8n's database-backed CredentialsHelper: it hands out the given plain data,
 * but does what n8n does with it on the way to the node (fills in the credential type's
 * defaults, resolves expressions in the data) and on the way to the server (`authenticate`,
 * either a function or the declarative `generic` form with `={{$credentials.x}}` values).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, HarnessCredential>) {
		super();
	}

	credentialType(typeName: string): ICredentialType | undefined {
		return this.credentials[typeName]?.type;
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.credentialType(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialType(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((name) => nodeType.endsWith(`.${name}`));
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const type = this.credentialType(typeName);
		if (!type) return [];
		const merged: INodeProperties[] = [];
		for (const parent of type.extends ?? []) {
			NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, type.properties);
		return merged;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const authenticate = this.credentialType(typeName)?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type !== 'generic') return requestOptions;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				const resolvedKey = resolveWithCredentials(key, credentials, workflow, node);
				const resolvedValue = resolveWithCredentials(value, credentials, workflow, node);
				target[section] ??= {};
				target[section][resolvedKey] = resolvedValue;
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.credentials[type];
		if (!stored) {
			throw new UnexpectedError(`The harness was given no credentials of type "${type}"`);
		}
		const data = structuredClone(stored.data) as ICredentialDataDecryptedObject;
		if (raw === true) return data;
		return this.applyDefaults(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** What n8n's CredentialsHelper.applyDefaultsAndOverwrites does, minus admin overwrites. */
	applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		data: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const withDefaults =
			properties.length === 0
				? data
				: ((NodeHelpers.getNodeParameters(
						properties,
						data as INodeParameters,
						true,
						false,
						null,
						null,
					) ?? {}) as ICredentialDataDecryptedObject);
		if (!expressionResolveValues) return withDefaults;
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		try {
			return expressionResolveValues.workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		} catch (error) {
			if (error instanceof Error) error.message += ' [Error resolving credentials]';
			throw error;
		}
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

function resolveWithCredentials(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (typeof value !== 'string') return String(value);
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}
