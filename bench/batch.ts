/**
 * `npm run bench:batch`: 200 images through Google's Batch API against 200 live requests, in a
 * real n8n against the simulator at live sizes (live-sized JPEGs and thought signatures):
 * - requests made: live (one generateContent per image) against batch (the JSONL upload, one
 *   create, the polls of Get Batch Results' wait, one download);
 * - estimated cost, and its ratio (Google bills batch requests at half);
 * - peak memory of the n8n process collecting 50 and 200 4K results (Nano Banana Pro) at live
 *   sizes, and their ratio: results are read line by line and each image written as it is
 *   read, so the peak should not grow with the job.
 * Prints the figures; not a test, CI never runs it. Expects a fresh build.
 */
import { say } from '../scripts/n8n/log';
import type { WorkflowExport } from '../scripts/n8n/n8n-instance';
import { startSimulator, type Simulator } from '../test/simulator';
import { geminiImage, manualTrigger, node, promptItems, workflow } from '../test/support/workflows';
import {
	executeWorkflow,
	GEMINI_IMAGE_CREDENTIAL,
	prepareBenchN8n,
	type BenchN8n,
} from './n8n-bench';
import { prompts } from './workflows';

const IMAGES = 200;
const MODEL = 'gemini-nano-banana-2.1';
const PRO = 'gemini-3-pro-image';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function generateWorkflow(
	id: string,
	count: number,
	runAs: 'live' | 'batch',
	model: string,
	imageSize: string,
): WorkflowExport {
	return workflow(id, `bench: ${count} images, ${runAs}`, [
		manualTrigger(),
		...promptItems(prompts(count, id)),
		geminiImage('Generate', GEMINI_IMAGE_CREDENTIAL, {
			typeVersion: 1.2,
			model,
			prompt: '={{ $json.prompt }}',
			runAs,
			...(runAs === 'live' ? { api: 'generateContent' } : {}),
			options: { imageSize, parallelRequests: 10 },
		}),
	]);
}

function collectWorkflow(id: string, name: string): WorkflowExport {
	return workflow(id, `bench: collect ${name}`, [
		manualTrigger(),
		node(
			'Collect',
			'n8n-nodes-gemini-image.geminiImage',
			1.2,
			{
				resource: 'batch',
				operation: 'getBatchResults',
				batchJob: { __rl: true, mode: 'name', value: name },
				waitForCompletion: true,
				pollSeconds: 5,
				maxWaitMinutes: 30,
				options: {},
			},
			{ credentials: { geminiImageApi: GEMINI_IMAGE_CREDENTIAL } },
		),
	]);
}

interface BatchRun {
	requests: number;
	costUsd: number;
	collectPeakBytes: number;
	collectMs: number;
	items: number;
}

async function runBatch(
	bench: BenchN8n,
	simulator: Simulator,
	label: string,
	count: number,
	model: string,
	size: string,
): Promise<BatchRun> {
	simulator.reset();
	const submitted = await executeWorkflow(
		bench,
		generateWorkflow(`benchBatchSubmit${label}`, count, 'batch', model, size),
	);
	if (submitted.run.status !== 'success') throw new Error(submitted.output.slice(-2000));
	const job = submitted.run.data.resultData.runData.Generate[0].data?.main?.[0]?.[0]?.json as {
		name: string;
		estimatedCostUsd: number;
	};
	const collected = await executeWorkflow(
		bench,
		collectWorkflow(`benchBatchCollect${label}`, job.name),
	);
	if (collected.run.status !== 'success') throw new Error(collected.output.slice(-2000));
	const task = collected.run.data.resultData.runData.Collect[0];
	return {
		requests: simulator.requests.length,
		costUsd: job.estimatedCostUsd,
		collectPeakBytes: collected.peakRssBytes,
		collectMs: task.executionTime,
		items: task.data?.main?.[0]?.length ?? 0,
	};
}

async function main(): Promise<void> {
	const simulator = await startSimulator({ batchPendingMs: 500, batchRunMs: 1000 });
	const bench = await prepareBenchN8n(simulator);
	try {
		say(`bench:batch: ${IMAGES} images live ...`);
		simulator.reset();
		const live = await executeWorkflow(
			bench,
			generateWorkflow('benchBatchLive', IMAGES, 'live', MODEL, '1K'),
		);
		if (live.run.status !== 'success') throw new Error(live.output.slice(-2000));
		const liveItems = live.run.data.resultData.runData.Generate[0].data?.main?.[0] ?? [];
		const liveCost = liveItems.reduce(
			(sum, item) => sum + Number(item.json.estimatedCostUsd ?? 0),
			0,
		);
		const liveRequests = simulator.requests.length;
		say(`bench:batch: ${IMAGES} images as a batch ...`);
		const batch = await runBatch(bench, simulator, 'Small', IMAGES, MODEL, '1K');
		say('bench:batch: collecting 50 and 200 4K results on Pro at live sizes ...');
		const fifty = await runBatch(bench, simulator, 'Pro50', 50, PRO, '4K');
		const twoHundred = await runBatch(bench, simulator, 'Pro200', 200, PRO, '4K');

		console.log('');
		console.log(`${IMAGES} images on ${MODEL} at 1K, live against batch (n8n ${bench.n8nVersion})`);
		console.log(
			`  requests: live ${liveRequests}, batch ${batch.requests} (upload, create, polls, download)`,
		);
		console.log(
			`  estimated cost: live $${liveCost.toFixed(4)}, batch $${batch.costUsd.toFixed(4)}, ratio ${(batch.costUsd / liveCost).toFixed(2)}`,
		);
		console.log(`  images collected: ${batch.items}`);
		console.log(`Collecting 4K results of ${PRO} at live sizes (peak RSS of the n8n process)`);
		for (const [count, run] of [
			[50, fifty],
			[200, twoHundred],
		] as const) {
			console.log(
				`  ${String(count).padStart(3)} results: peak ${mb(run.collectPeakBytes)}, node ${(run.collectMs / 1000).toFixed(1)} s, ${run.items} items`,
			);
		}
		console.log(
			`  ratio 200/50: ${(twoHundred.collectPeakBytes / fifty.collectPeakBytes).toFixed(2)}x`,
		);
	} finally {
		await bench.close();
		await simulator.close();
	}
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
