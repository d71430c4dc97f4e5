import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEFAULT_MODEL, modelListName } from '../../nodes/GeminiImage/gemini/catalogue/models';
import { loadExampleWorkflows } from '../../scripts/n8n/examples';
import { say, step } from '../../scripts/n8n/log';
import {
	BrowserSteps,
	assertChromiumInstalled,
	launchChromium,
	pollUntil,
} from './support/browser';
import {
	addOption,
	canvasNode,
	chooseModelFromList,
	createWorkflow,
	modelShown,
	nodeCreatorAction,
	nodeDetails,
	openNewWorkflow,
	openWorkflowFromOverview,
	openNodeCreator,
	openOptionsDropdown,
	parameterLabels,
	searchNodeCreator,
	showNodeAction,
	signIn,
	startBrowserEditor,
	typeModelId,
	type BrowserEditor,
} from './support/browser-editor';
import { loadState } from './support/state';

const SCHEDULE_EXAMPLE_ID = 'GeminiImgSchedule01';
const SIZES = ['512', '1K', '2K', '4K'];

/** The sizes an Image Size list offers ("Model Default (1K)" counts as 1K), smallest first. */
function sizesIn(names: string[]): string[] {
	const found = new Set(names.flatMap((name) => name.match(/\b(512|1K|2K|4K)\b/g) ?? []));
	return SIZES.filter((size) => found.has(size));
}

/**
 * The node as users meet it in n8n's editor, in headless Chromium: found in the node panel,
 * its panel with the parameters, Image Size following the chosen model, and a shipped example
 * run from the editor with its picture in the output's binary view.
 */
describe('the node in the editor (Chromium)', () => {
	const state = loadState();
	const steps = new BrowserSteps();
	let editor: BrowserEditor | undefined;
	let browser: Browser | undefined;
	/** The schedule example as saved in this n8n. */
	let exampleId: string;
	/**
	 * One page for the whole file, signed in through n8n's sign-in page; it moves on inside the
	 * editor (a page load costs seconds on a small machine).
	 */
	let page: Page;

	beforeAll(async () => {
		assertChromiumInstalled();
		const [started, launched] = await Promise.allSettled([
			step('Starting n8n for the browser', () =>
				startBrowserEditor(state, 'n8n-browser-editor.log'),
			),
			launchChromium(),
		]);
		// Whatever started is stopped in afterAll, also when the other failed.
		if (started.status === 'fulfilled') editor = started.value;
		if (launched.status === 'fulfilled') browser = launched.value;
		if (started.status === 'rejected') throw started.reason;
		if (launched.status === 'rejected') throw launched.reason;
		const running = started.value;
		// The example's pictures go to a folder of their own: the examples suite counts its files.
		const examplesBase = join(state.filesFolder, 'browser');
		mkdirSync(join(examplesBase, 'gemini-image'), { recursive: true });
		const example = loadExampleWorkflows(state.credential, examplesBase).find(
			(workflow) => workflow.id === SCHEDULE_EXAMPLE_ID,
		);
		if (!example) throw new Error(`examples/ has no workflow ${SCHEDULE_EXAMPLE_ID}`);
		exampleId = await createWorkflow(running, example);

		const context = await launched.value.newContext({
			baseURL: running.baseUrl,
			viewport: { width: 1440, height: 900 },
		});
		context.setDefaultTimeout(20_000);
		context.setDefaultNavigationTimeout(60_000);
		page = await context.newPage();
		await steps.run(page, 'signed-in', () => signIn(page, running.owner));
	});

	afterAll(async () => {
		await browser?.close();
		if (editor) await step('Stopping n8n (browser suite)', editor.stop);
		if (steps.screenshots.length > 0) {
			say(`Browser screenshots (${steps.folder}):\n${steps.summary()}`);
		}
	});

	it('runs the schedule example from the editor and shows its picture in the binary view', async () => {
		await steps.run(page, 'example-open', () => openWorkflowFromOverview(page, exampleId));

		await steps.run(page, 'example-executed', async () => {
			const execute = page.getByTestId('execute-workflow-button');
			// With two triggers the button names the one it starts from.
			expect(await execute.innerText()).toMatch(/^Execute workflow(\s+from\s+\S.*)?$/);
			await execute.click();
			await canvasNode(page, 'Generate image')
				.getByTestId('canvas-node-status-success')
				.waitFor({ timeout: 60_000 });
			await canvasNode(page, 'Save to disk')
				.getByTestId('canvas-node-status-success')
				.waitFor({ timeout: 30_000 });
		});

		const output = nodeDetails(page).getByTestId('output-panel');
		const picture = output.getByTestId('ndv-binary-data_0').filter({ hasText: 'image/jpeg' });
		await steps.run(page, 'example-output-binary', async () => {
			await canvasNode(page, 'Generate image').dblclick();
			await output.getByTestId('radio-button-binary').click();
			await picture.waitFor();
			// The image's binary property, as the node names it.
			expect(await picture.innerText()).toMatch(/^data\n/);
		});

		await steps.run(page, 'example-picture', async () => {
			await picture.getByTestId('ndv-view-binary-data').click();
			const image = output.locator('img[src*="/rest/binary-data"]');
			await image.waitFor();
			await image.evaluate(
				(element: { complete: boolean; naturalWidth: number; decode(): Promise<void> }) =>
					element.complete && element.naturalWidth > 0 ? undefined : element.decode(),
			);
			const size = await image.evaluate(
				(element: { naturalWidth: number; naturalHeight: number }) => ({
					width: element.naturalWidth,
					height: element.naturalHeight,
				}),
			);
			// The example asks Nano Banana 2.1 for 16:9 at 1K.
			expect(size).toEqual({ width: 1376, height: 768 });
		});
	});

	/** A new workflow: the cases follow each other. */
	describe('a new workflow', () => {
		it('the node panel finds the node by "gemini image" and by its alias "nano banana"', async () => {
			await steps.run(page, 'new-workflow', () => openNewWorkflow(page));
			await steps.run(page, 'node-panel-open', () => openNodeCreator(page));
			const byName = await steps.run(page, 'search-gemini-image', () =>
				searchNodeCreator(page, 'gemini image'),
			);
			expect(await byName.innerText()).toContain('Gemini Image');
			const byAlias = await steps.run(page, 'search-nano-banana', () =>
				searchNodeCreator(page, 'nano banana'),
			);
			expect(await byAlias.innerText()).toContain('Gemini Image');
		});

		it('adding it opens its panel with Operation, Model and Prompt', async () => {
			const ndv = nodeDetails(page);
			await steps.run(page, 'node-panel-actions', async () => {
				await (await searchNodeCreator(page, 'gemini image')).click();
				await showNodeAction(page, 'Generate an image');
			});
			await steps.run(page, 'node-details', async () => {
				await nodeCreatorAction(page, 'Generate an image').click();
				await ndv.getByTestId('parameter-input-prompt').waitFor();
				const labels = await parameterLabels(ndv);
				expect(labels).toEqual(expect.arrayContaining(['Operation', 'Model', 'Prompt', 'Options']));
				expect(labels.indexOf('Operation')).toBeLessThan(labels.indexOf('Prompt'));
				expect(
					await ndv.getByTestId('parameter-input-operation').locator('input').inputValue(),
				).toBe('Generate');
				// A new node starts on the default model, and on the only credential of its type.
				expect(await modelShown(ndv)).toBe(modelListName(DEFAULT_MODEL));
				expect(await ndv.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
					state.credential.name,
				);
			});
		});

		it('Image Size offers 1K, 2K and 4K for Nano Banana Pro, and only 1K for Nano Banana', async () => {
			const ndv = nodeDetails(page);
			/** Opens Image Size, waits for `expected` (the list loads per model), closes it. */
			const expectSizes = async (expected: string[]) => {
				const dropdown = await openOptionsDropdown(page, ndv, 'imageSize');
				const names = await pollUntil(
					page,
					dropdown.names,
					(offered) => sizesIn(offered).join() === expected.join(),
					10_000,
				);
				expect({ offered: names, sizes: sizesIn(names) }).toEqual({
					offered: names,
					sizes: expected,
				});
				return dropdown;
			};

			await steps.run(page, 'model-nano-banana-pro', async () => {
				await chooseModelFromList(page, ndv, 'pro', 'gemini-3-pro-image');
				expect(await modelShown(ndv)).toBe('Nano Banana Pro (gemini-3-pro-image)');
			});
			await steps.run(page, 'option-image-size', () =>
				addOption(page, ndv, 'Image Size', 'imageSize'),
			);
			const forPro = await steps.run(page, 'image-sizes-nano-banana-pro', () =>
				expectSizes(['1K', '2K', '4K']),
			);
			await forPro.close();

			// Nano Banana (gemini-2.5-flash-image) is no longer in Google's list: typed by ID.
			await steps.run(page, 'model-nano-banana-by-id', async () => {
				await typeModelId(page, ndv, 'gemini-2.5-flash-image');
				expect(await modelShown(ndv)).toBe('gemini-2.5-flash-image');
			});
			const forFlash = await steps.run(page, 'image-sizes-nano-banana', () => expectSizes(['1K']));
			await forFlash.close();
		});
	});
});
