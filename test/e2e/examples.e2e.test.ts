import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { estimateImageCostUsd } from '../../nodes/GeminiImage/gemini/catalogue/prices';
import { loadExampleWorkflows, writeSamplePhoto } from '../../scripts/n8n/examples';
import { writeSampleReferences } from '../../scripts/n8n/sample-references';
import { executeFromTrigger, openEditor, type Editor } from './support/editor-run';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput } from './support/run-workflow';
import { contentsOf, omittedData, requestsWithPrompt } from './support/simulator-requests';
import { waitForBatchToFinish } from './support/simulator-batches';
import { loadState, suiteN8n } from './support/state';

/** The text of an example's Settings field, as shipped. */
function setting(workflowId: string, field: string): string {
	const example = loadExampleWorkflows({ id: '', name: '' }, '/').find((w) => w.id === workflowId);
	const settings = example?.nodes.find((node) => node.name === 'Settings')?.parameters as {
		assignments: { assignments: Array<{ name: string; value: string }> };
	};
	const value = settings?.assignments.assignments.find((a) => a.name === field)?.value;
	if (value === undefined) throw new Error(`${workflowId} has no Settings field "${field}"`);
	return value;
}

function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The example workflows shipped in examples/ run as a user would run them by hand (their folder
 * moved from the Docker default into this suite's files folder, as `npm start` does).
 */
describe('example workflows', () => {
	const state = loadState();
	const n8n = suiteN8n(state);
	const folder = join(state.filesFolder, 'gemini-image');
	const photo = join(folder, 'photo.png');
	let references: string[];

	beforeAll(async () => {
		mkdirSync(folder, { recursive: true });
		await writeSamplePhoto(photo);
		references = await writeSampleReferences(join(folder, 'references'));
		await n8n.importWorkflows(loadExampleWorkflows(state.credential, state.filesFolder));
	});

	it('schedule -> generate -> disk: "Run now" writes a dated 16:9 JPEG', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgSchedule01');
		expect(run.status).toBe('success');
		const [saved] = nodeOutput(run, 'Save to disk');
		expect(saved.json.fileName).toMatch(
			/\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_a-cozy-reading-nook.*\.jpg$/,
		);
		const written = listFiles(folder).filter((name) => name.includes('cozy-reading-nook'));
		expect(written).toHaveLength(1);
		expect(readImageFile(join(folder, written[0]))).toMatchObject({
			type: 'jpg',
			width: 1376,
			height: 768,
		});
	});

	it('edit a picture from disk: writes the edited picture beside it', async () => {
		const photoBefore = sha256(photo);
		const { run } = await executeWorkflow(n8n, 'GeminiImgEditFile01');
		expect(run.status).toBe('success');

		// The photo went to the model, as the only image of the request.
		const [request, ...more] = await requestsWithPrompt(
			state,
			setting('GeminiImgEditFile01', 'prompt'),
		);
		expect(more).toHaveLength(0);
		expect(request.status).toBe(200);
		const images = contentsOf(request)[0].parts.filter((part) => part.inlineData);
		expect(images).toEqual([
			{ inlineData: { mimeType: 'image/png', data: omittedData(statSync(photo).size) } },
		]);

		// No aspect ratio asked: the output follows the input's shape (640x400 is nearest 3:2).
		const [edited] = nodeOutput(run, 'Edit image');
		expect(edited.json).toMatchObject({ mimeType: 'image/jpeg', width: 1264, height: 848 });
		const written = listFiles(folder).filter((name) => name.startsWith('edited-'));
		expect(written).toHaveLength(1);
		const image = readImageFile(join(folder, written[0]));
		expect(image).toMatchObject({ type: 'jpg', width: 1264, height: 848 });
		expect(image.bytes).toBe(edited.json.fileSize);
		// The photo itself is left as it was.
		expect(sha256(photo)).toBe(photoBefore);
	});

	it('compose from a folder of references: one request with every picture, one result', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgCompose001');
		expect(run.status).toBe('success');

		const read = nodeOutput(run, 'Read references');
		expect(read).toHaveLength(references.length);
		const [composed, ...more] = nodeOutput(run, 'Compose picture');
		expect(more).toHaveLength(0);
		// One result standing for every picture read.
		expect(composed.pairedItem).toEqual(references.map((_, item) => ({ item })));

		const [request, ...moreRequests] = await requestsWithPrompt(
			state,
			setting('GeminiImgCompose001', 'prompt'),
		);
		expect(moreRequests).toHaveLength(0);
		expect(request.status).toBe(200);
		// The folder gives no fixed order: compare the set of pictures sent.
		const parts = contentsOf(request)[0].parts;
		expect(parts.filter((part) => part.text).map((part) => part.text)).toEqual([
			setting('GeminiImgCompose001', 'prompt'),
			'Image 1:',
			'Image 2:',
		]);
		expect(parts.flatMap((part) => (part.inlineData ? [part.inlineData.data] : [])).sort()).toEqual(
			references.map((path) => omittedData(statSync(path).size)).sort(),
		);

		expect(composed.json).toMatchObject({ model: 'gemini-nano-banana-2.1', width: 896 });
		const [saved] = nodeOutput(run, 'Save picture');
		expect(saved.json.fileName).toBe(join(folder, String(composed.json.fileName)));
		const image = readImageFile(String(saved.json.fileName));
		expect(image).toMatchObject({ type: 'jpg', width: 896, height: 1200 });
		expect(image.bytes).toBe(composed.json.fileSize);
	});

	it('search-grounded poster: the picture, and a page with its sources and search suggestions', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgSearch0001');
		expect(run.status).toBe('success');

		const [grounded] = nodeOutput(run, 'Generate with Google Search');
		const sources = grounded.json.sources as Array<{ title: string; url: string }>;
		expect(sources.length).toBeGreaterThan(0);
		const entryPoint = String(grounded.json.searchEntryPoint);
		expect(entryPoint).not.toBe('');

		const picture = join(folder, String(grounded.json.fileName));
		expect(readImageFile(picture)).toMatchObject({ type: 'jpg', width: 896, height: 1200 });

		const [page] = nodeOutput(run, 'Save page');
		expect(page.json.fileName).toBe(picture.replace(/\.jpg$/, '.html'));
		const html = readFileSync(String(page.json.fileName), 'utf8');
		expect(html).toContain(`<img src="${String(grounded.json.fileName)}"`);
		for (const source of sources) {
			expect(html).toContain(`<li><a href="${source.url}">${source.title}</a></li>`);
		}
		// Google's HTML and CSS, unchanged.
		expect(html).toContain(entryPoint);
	});

	it('generate -> refine -> refine: three pictures on disk, one conversation', async () => {
		const { run } = await executeWorkflow(n8n, 'GeminiImgRefine0001');
		expect(run.status).toBe('success');

		const prompts = ['prompt', 'firstChange', 'secondChange'].map((field) =>
			setting('GeminiImgRefine0001', field),
		);
		const requests = (
			await Promise.all(prompts.map((prompt) => requestsWithPrompt(state, prompt)))
		).flat();
		expect(requests.map((request) => [request.model, contentsOf(request).length])).toEqual([
			['gemini-3-pro-image', 1],
			['gemini-3-pro-image', 3],
			['gemini-3-pro-image', 5],
		]);
		// Every thought signature came back as Google issued it (else 400).
		expect(requests.map((request) => request.status)).toEqual([200, 200, 200]);

		const [last] = nodeOutput(run, 'Refine: second change');
		expect(last.json.conversation).toMatchObject({ version: 2, turns: 6 });

		const paths = ['Save step 1', 'Save step 2', 'Save step 3'].map((name) =>
			String(nodeOutput(run, name)[0].json.fileName),
		);
		expect(paths.map((path) => path.slice(folder.length + 1, folder.length + 3))).toEqual([
			'1-',
			'2-',
			'3-',
		]);
		for (const path of paths) {
			expect(readImageFile(path)).toMatchObject({ type: 'jpg', width: 1376, height: 768 });
		}
		expect(new Set(paths.map(sha256)).size).toBe(3);
	});

	/**
	 * Two Schedule Triggers and no Manual Trigger, which `n8n execute` cannot start: it runs as
	 * in the editor, with `n8n start` and the split button "Execute workflow from <trigger>".
	 */
	describe('nightly batch at half price, run from each of its Schedule Triggers', () => {
		const id = 'GeminiImgBatch00001';
		let editor: Editor | undefined;

		beforeAll(async () => {
			editor = await openEditor(state, 'n8n-examples-editor.log');
		});

		afterAll(async () => {
			await editor?.stop();
		});

		it('"from Every night" submits 20 pictures at half price and saves the job; "from Every morning" writes one per SKU', async () => {
			const rest = editor!.rest;
			const night = await executeFromTrigger(rest, id, 'Every night');
			expect(night).toMatchObject({ status: 'success', mode: 'manual' });
			expect(Object.keys(night.data.resultData.runData)).not.toContain('Every morning');

			const products = nodeOutput(night, "Tonight's prompts").map((item) => item.json);
			expect(products).toHaveLength(20);
			const [job, ...more] = nodeOutput(night, 'Submit batch job');
			expect(more).toHaveLength(0);
			expect(job.json).toMatchObject({
				state: 'pending',
				requestCount: 20,
				model: 'gemini-nano-banana-2.1',
				displayName: expect.stringMatching(/^Nightly catalogue \d{4}-\d\d-\d\d$/),
			});
			// Half of what twenty live 1K pictures cost.
			const live = estimateImageCostUsd('gemini-nano-banana-2.1', '1K') ?? NaN;
			expect(job.json.estimatedCostUsd).toBeCloseTo((20 * live) / 2, 6);
			const saved = JSON.parse(readFileSync(join(folder, 'nightly-batch-job.json'), 'utf8'));
			expect(saved).toMatchObject({ name: job.json.name, requestCount: 20 });

			// "A few minutes later": once the job has finished by the simulator's clock.
			await waitForBatchToFinish(state, String(job.json.name));
			const morning = await executeFromTrigger(rest, id, 'Every morning');
			expect(morning).toMatchObject({ status: 'success', mode: 'manual' });
			expect(Object.keys(morning.data.resultData.runData)).not.toContain('Every night');

			const pictures = nodeOutput(morning, 'Get batch results');
			expect(pictures.map((item) => item.json.carry)).toEqual(products.map((p) => p.sku));
			const written = nodeOutput(morning, 'Save pictures');
			expect(written).toHaveLength(20);
			for (const [index, picture] of pictures.entries()) {
				const name = `${String(products[index].sku).toLowerCase()}.jpg`;
				expect(picture.json.fileName).toBe(name);
				expect(written[index].json.fileName).toBe(join(folder, name));
				expect(readImageFile(join(folder, name))).toMatchObject({
					type: 'jpg',
					width: picture.json.width,
					height: picture.json.height,
				});
			}
		});
	});
});
