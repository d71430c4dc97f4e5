import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialType,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { harnessEnvironment, recordLogs } from './environment';

export interface CredentialTestResult extends INodeCredentialTestResult {
	/** Everything logged while testing. */
	logs: string[];
}

/**
 * What n8n does when a user clicks "Test" on a credential (CredentialsTester in n8n's CLI) that
 * its node tests with a function: the data, the type's defaults filled in, goes to the node's
 * `methods.credentialTest[testedBy]`.
 */
export async function testCredential(
	credType: ICredentialType,
	data: IDataObject,
	nodeType?: INodeType,
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
	nodeType?: INodeType,
): Promise<INodeCredentialTestResult> {
	const credentialsHelper = new HarnessCredentialsHelper({
		[credType.name]: { type: credType, data },
	});
	const test = findTestFunction(credType, nodeType);
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: '1',
		name: `${credType.name} account`,
		type: credType.name,
		data: credentialsHelper.withDefaults(
			credType.name,
			structuredClone(data) as ICredentialDataDecryptedObject,
		),
	};
	return await test.call(new CredentialTestContext(), credentialsDecrypted);
}

function findTestFunction(
	credType: ICredentialType,
	nodeType?: INodeType,
): ICredentialTestFunction | undefined {
	for (const { name, testedBy } of nodeType?.description.credentials ?? []) {
		if (name !== credType.name || !testedBy) continue;
		if (typeof testedBy !== 'string') {
			throw new UnexpectedError(
				`The node tests "${credType.name}" with a request, which the test harness does not implement`,
			);
		}
		const test = nodeType?.methods?.credentialTest?.[testedBy];
		if (test) return test;
	}
	return undefined;
}
