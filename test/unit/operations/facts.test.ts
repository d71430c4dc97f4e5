import { ALL_OPERATIONS, OPERATIONS } from '../../../nodes/GeminiImage/operations';

describe('the facts each operation holds', () => {
	it('batchable: the operations that make images from items alone', () => {
		expect(OPERATIONS.filter((operation) => operation.batchable).map((o) => o.value)).toEqual([
			'generate',
			'edit',
			'compose',
			'generateWithSearch',
		]);
	});

	it('job operations run their own items and say what Vertex AI cannot do', () => {
		const jobs = ALL_OPERATIONS.filter((operation) => 'execute' in operation);
		expect(jobs.map((operation) => operation.value)).toEqual([
			'deleteConversation',
			'getBatchResults',
			'getBatch',
			'cancelBatch',
		]);
		for (const job of jobs) expect('notOnVertex' in job && job.notOnVertex).toBeTruthy();
	});
});
