import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { BatchJobView } from '../GeminiImage/gemini/batch/job';
import { lookForFinished, newestFinished } from '../GeminiImage/gemini/batch/finished';
import { createGeminiClient } from '../GeminiImage/gemini/connection/client';
import { findConnectionProblem, secretsOf } from '../GeminiImage/gemini/connection/endpoint';
import { classifyApiError } from '../GeminiImage/gemini/failures/errors';
import { CREDENTIAL_NAME, readConnection } from '../GeminiImage/n8n/credentials';

/**
 * Jobs looked at per poll, newest first: a job must still be on this page when it finishes,
 * so more than this many newer jobs started in between would hide it.
 */
const PAGE_SIZE = 100;

/** What the trigger keeps between polls, in the workflow's static data. */
interface TriggerMemory extends IDataObject {
	/** Finished jobs already reported or already finished when the workflow was activated. */
	known?: string[];
}

async function listJobs(context: IPollFunctions): Promise<BatchJobView[]> {
	const connection = readConnection(await context.getCredentials(CREDENTIAL_NAME));
	const problem = findConnectionProblem(connection);
	if (problem) {
		throw new NodeOperationError(
			context.getNode(),
			`Could not list batch jobs: ${problem.message}`,
			{
				description: problem.hint,
			},
		);
	}
	try {
		return await (await createGeminiClient(connection)).listBatches(PAGE_SIZE);
	} catch (error) {
		const failure = classifyApiError(error, secretsOf(connection));
		throw new NodeOperationError(
			context.getNode(),
			`Could not list batch jobs: ${failure.message}`,
			{
				description: failure.hint,
			},
		);
	}
}

const toItems = (jobs: BatchJobView[]): INodeExecutionData[] =>
	jobs.map((job) => ({ json: { event: 'batchJobFinished', ...job } as IDataObject }));

export class GeminiImageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gemini Image Trigger',
		name: 'geminiImageTrigger',
		icon: 'file:gemini-image.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Batch Job Finished" }}',
		description: 'Starts the workflow when a Gemini batch job of the credential finishes',
		defaults: { name: 'Gemini Image Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: [
			{
				displayName:
					'Checks the batch jobs of the Gemini API credential at each poll: works where Google cannot reach n8n. Batch jobs on Vertex AI are not listed.',
				name: 'triggerNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Batch Job Finished',
						value: 'batchJobFinished',
						description:
							'A job succeeded, failed, was cancelled or expired since the last check: one item per job',
					},
				],
				default: 'batchJobFinished',
			},
			{
				displayName: 'Display Name Contains',
				name: 'displayNameFilter',
				type: 'string',
				default: '',
				placeholder: 'e.g. Nightly catalogue',
				description:
					'Only jobs whose Batch Name contains this text (any case). Empty: every job of the credential.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filter = String(this.getNodeParameter('displayNameFilter', '') ?? '');
		const jobs = await listJobs(this);
		// Fetch Test Event: the last finished job, so the next nodes can be built on a real item.
		if (this.getMode() === 'manual') {
			const newest = newestFinished(jobs, filter);
			return newest ? [toItems([newest])] : null;
		}
		const memory = this.getWorkflowStaticData('node') as TriggerMemory;
		const firstLook = memory.known === undefined;
		const { fresh, known } = lookForFinished(jobs, memory.known ?? [], filter);
		memory.known = known;
		// Activation remembers what had already finished rather than reporting the whole history.
		if (firstLook || fresh.length === 0) return null;
		return [toItems(fresh)];
	}
}
