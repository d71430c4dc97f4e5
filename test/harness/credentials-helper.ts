import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export interface HarnessCredential {
	/** The credential class, e.g. `new GeminiImageApi()`: gives the form's defaults. */
	type?: ICredentialType;
	/** What the user typed into the credential form (decrypted). */
	data: IDataObject;
}

/**
 * What n8n would do with a credential type and the harness does not: the node reads its key and
 * sends its requests itself, and is tested by a function of its own. A credential type that
 * declares one of these is refused, rather than run as if it did not.
 */
const NOT_IMPLEMENTED: Array<[keyof ICredentialType, string]> = [
	['authenticate', 'request authentication (`authenticate`)'],
	['extends', 'a parent credential type (`extends`)'],
	['test', 'a declarative test request (`test`)'],
];

function refuseUnimplemented(type: ICredentialType): void {
	for (const [field, feature] of NOT_IMPLEMENTED) {
		if (type[field] !== undefined) {
			throw new UnexpectedError(
				`Credential type "${type.name}" declares ${feature}, which the test harness does not implement`,
			);
		}
	}
}

/**
 * Stands in for n8n's database-backed CredentialsHelper: it hands out the given plain data,
 * but does what n8n does with it on the way to the node: fills in the credential type's
 * defaults and resolves expressions in the data.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, HarnessCredential>) {
		super();
		for (const { type } of Object.values(credentials)) if (type) refuseUnimplemented(type);
	}

	getParentTypes(): string[] {
		return [];
	}

	/** No credential given to the harness is restricted to some nodes. */
	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		return this.credentials[typeName]?.type?.properties ?? [];
	}

	/** What n8n does for a credential type without `authenticate`: the request as it is. */
	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		return requestOptions as IHttpRequestOptions;
	}

	/** No credential given to the harness refreshes a token before its requests. */
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
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
		const withDefaults = this.withDefaults(type, data);
		if (!expressionResolveValues) return withDefaults;
		return resolveExpressions(
			additionalData,
			withDefaults,
			mode,
			expressionResolveValues,
			executeData,
		);
	}

	/** What n8n's CredentialsHelper.applyDefaultsAndOverwrites does, minus admin overwrites. */
	withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		if (properties.length === 0) return data;
		return (NodeHelpers.getNodeParameters(
			properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

/** Resolves `={{ ... }}` values in the credential data against the item being executed. */
function resolveExpressions(
	additionalData: IWorkflowExecuteAdditionalData,
	data: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode,
	values: ICredentialsExpressionResolveValues,
	executeData?: IExecuteData,
): ICredentialDataDecryptedObject {
	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	try {
		return values.workflow.expression.getParameterValue(
			data as INodeParameters,
			values.runExecutionData,
			values.runIndex,
			values.itemIndex,
			values.node.name,
			values.connectionInputData,
			mode,
			additionalKeys,
			executeData,
			false,
			data,
		) as ICredentialDataDecryptedObject;
	} catch (error) {
		if (error instanceof Error) error.message += ' [Error resolving credentials]';
		throw error;
	}
}
