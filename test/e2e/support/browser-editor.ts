import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { GEMINI_IMAGE_NODE_TYPE } from '../../../scripts/n8n/examples';
import type { WorkflowExport } from '../../../scripts/n8n/n8n-instance';
import { freePort } from '../../../scripts/n8n/ports';
import { RestSession } from './rest-session';
import { suiteN8n, type E2eState } from './state';

export interface Owner {
	email: string;
	password: string;
}

/** A running `n8n start` whose owner a browser can sign in as. */
export interface BrowserEditor {
	baseUrl: string;
	owner: Owner;
	/** The owner's REST session, for what the test prepares without the browser. */
	rest: RestSession;
	stop(): Promise<void>;
}

const OWNER: Owner = { email: 'browser-owner@example.com', password: 'E2e-Browser-Passw0rd!' };

/**
 * Starts `n8n start` on the suite's user folder with an owner to sign in as. As for the other
 * files that start the editor, the instance is reset to n8n's unclaimed shell first (`n8n
 * user-management:reset` keeps workflows and credentials) and again once the server stopped.
 */
export async function startBrowserEditor(state: E2eState, logName: string): Promise<BrowserEditor> {
	const n8n = suiteN8n(state, { port: await freePort(), brokerPort: await freePort() });
	await n8n.command(['user-management:reset']);
	const server: ChildProcess = n8n.startServer(join(state.logFolder, logName));
	const stop = async () => {
		await n8n.stopServer(server);
		await n8n.command(['user-management:reset']);
	};
	try {
		await n8n.waitUntilHealthy(server);
		const rest = new RestSession(n8n.baseUrl);
		await rest.setUpOwnerAndLogIn(OWNER.email, OWNER.password);
		return { baseUrl: n8n.baseUrl, owner: OWNER, rest, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Saves a workflow as the editor's import does (`POST /rest/workflows`), under a new id; returns
 * that id.
 */
export async function createWorkflow(
	editor: BrowserEditor,
	workflow: WorkflowExport,
): Promise<string> {
	const { id: _exampleId, ...body } = workflow;
	const { data } = await editor.rest.request<{ data: { id: string } }>(
		'POST',
		'/rest/workflows',
		body,
	);
	return data.id;
}

/** Signs in through n8n's sign-in page, as a user does. */
export async function signIn(page: Page, owner: Owner): Promise<void> {
	await page.goto('/signin');
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	// The editor's shell: the main sidebar with its Settings entry.
	await page.getByTestId('main-sidebar-settings').waitFor();
}

/** Opens a workflow from the overview's list (where n8n lands after signing in). */
export async function openWorkflowFromOverview(page: Page, workflowId: string): Promise<void> {
	if (!new URL(page.url()).pathname.startsWith('/home/')) {
		await page.getByTestId('project-home-menu-item').click();
		await page.waitForURL((url) => url.pathname.startsWith('/home/'));
	}
	await page
		.locator(`[data-test-id="resources-list-item-workflow"][data-resourceid="${workflowId}"]`)
		.click();
	await page.waitForURL((url) => url.pathname === `/workflow/${workflowId}`);
	await page.getByTestId('canvas-node').first().waitFor();
}

/** A new, empty workflow, from the overview's "Create workflow" (closing an open node first). */
export async function openNewWorkflow(page: Page): Promise<void> {
	const ndv = nodeDetails(page);
	if (await ndv.isVisible()) {
		await ndv.getByTestId('ndv-close-button').click();
		await ndv.waitFor({ state: 'hidden' });
	}
	await page.getByTestId('project-home-menu-item').click();
	await page.waitForURL((url) => url.pathname.startsWith('/home/'));
	await page.getByTestId('add-resource-workflow').click();
	await page.waitForURL((url) => url.pathname.startsWith('/workflow/'));
	await page.getByTestId('canvas-add-button').waitFor();
}

export function nodeCreator(page: Page): Locator {
	return page.getByTestId('node-creator');
}

/** This package's node in the node panel's list (n8n names each entry by its node type). */
export function geminiImageInNodeCreator(page: Page): Locator {
	return nodeCreator(page)
		.locator(
			`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${GEMINI_IMAGE_NODE_TYPE}"]`,
		)
		.filter({
			has: page.getByTestId('node-creator-item-name').getByText('Gemini Image', { exact: true }),
		});
}

/** Opens the node panel with the canvas's "+" button. */
export async function openNodeCreator(page: Page): Promise<void> {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
}

/**
 * Types `text` into the node panel's search. The list is emptied first (the node must not be in
 * the panel before the search), so the node showing afterwards is what this search found.
 */
export async function searchNodeCreator(page: Page, text: string): Promise<Locator> {
	const search = page.getByTestId('node-creator-search-bar');
	await search.fill('');
	const node = geminiImageInNodeCreator(page);
	await node.waitFor({ state: 'hidden' });
	await search.fill(text);
	await node.waitFor();
	return node;
}

/** The node's list of actions (shown once the node is chosen in the panel). */
export function nodeCreatorAction(page: Page, action: string): Locator {
	return nodeCreator(page)
		.getByTestId('item-iterator-item')
		.filter({ hasText: new RegExp(`^${action}$`) })
		.first();
}

/**
 * Waits for one of the node's actions. With the Gemini Image Trigger beside the node, n8n lists
 * the package's trigger first and, on an empty canvas, may fold the actions under their
 * "Actions (N)" heading: that heading is opened when the action does not show.
 */
export async function showNodeAction(page: Page, action: string): Promise<Locator> {
	const item = nodeCreatorAction(page, action);
	const heading = nodeCreator(page).getByText(/^Actions \(\d+\)$/);
	await item.or(heading).first().waitFor();
	if (!(await item.isVisible())) {
		// The list may still be unfolding: give it a moment before taking the heading as folded.
		await item.waitFor({ timeout: 2_000 }).catch(() => heading.click());
	}
	await item.waitFor();
	return item;
}

export function nodeDetails(page: Page): Locator {
	return page.getByTestId('ndv');
}

/** The labels of the parameters the node details view shows, top to bottom. */
export async function parameterLabels(ndv: Locator): Promise<string[]> {
	const texts = await ndv
		.getByTestId('node-parameters')
		.getByTestId('parameter-item')
		.allInnerTexts();
	return texts.map((text) => text.split('\n')[0].trim());
}

function modelLocator(ndv: Locator): Locator {
	return ndv.getByTestId('resource-locator-model');
}

/** What the Model field shows (the list entry's name, or the typed id). */
export async function modelShown(ndv: Locator): Promise<string> {
	return await modelLocator(ndv).getByTestId('rlc-input').inputValue();
}

async function chooseModelMode(page: Page, ndv: Locator, mode: 'list' | 'id'): Promise<void> {
	await modelLocator(ndv).getByTestId('rlc-mode-selector').click();
	await page.getByTestId(`mode-${mode}`).click();
}

/** Model "From list": search the list, choose the entry of `modelId`. */
export async function chooseModelFromList(
	page: Page,
	ndv: Locator,
	search: string,
	modelId: string,
): Promise<void> {
	await chooseModelMode(page, ndv, 'list');
	await modelLocator(ndv).getByTestId('rlc-input').click();
	await page.getByTestId('rlc-search').fill(search);
	await page
		.getByTestId('rlc-item')
		.filter({ hasText: `(${modelId})` })
		.click();
	await page.getByTestId('rlc-search').waitFor({ state: 'hidden' });
}

/** Model "By ID": type the id and leave the field. */
export async function typeModelId(page: Page, ndv: Locator, modelId: string): Promise<void> {
	await chooseModelMode(page, ndv, 'id');
	const input = modelLocator(ndv).getByTestId('rlc-input');
	await input.fill(modelId);
	await input.press('Tab');
}

/** Options > Add option > `displayName`. */
export async function addOption(
	page: Page,
	ndv: Locator,
	displayName: string,
	parameterName: string,
): Promise<void> {
	const added = ndv.getByTestId(`parameter-input-${parameterName}`);
	// A click that lands while the list is still opening selects nothing: open it again.
	for (let attempt = 1; ; attempt++) {
		await ndv.getByTestId('collection-parameter-add').click();
		await page
			.getByTestId('collection-parameter-option')
			.filter({ hasText: new RegExp(`^${displayName}$`) })
			.click();
		try {
			await added.waitFor({ timeout: 5_000 });
			return;
		} catch (error) {
			if (attempt === 3) throw error;
			await page.keyboard.press('Escape');
		}
	}
}

/**
 * An options parameter's dropdown, opened: `names()` reads the names it offers (each entry's
 * first line; the second is its description), `close()` closes it again.
 */
export async function openOptionsDropdown(
	page: Page,
	ndv: Locator,
	parameterName: string,
): Promise<{ names(): Promise<string[]>; close(): Promise<void> }> {
	const input = ndv.getByTestId(`parameter-input-${parameterName}`).locator('input');
	await input.click();
	const listId = await input.getAttribute('aria-controls');
	if (!listId) throw new Error(`The ${parameterName} dropdown names no list (aria-controls)`);
	const list = page.locator(`[id="${listId}"]`);
	await list.waitFor();
	return {
		names: async () =>
			(await list.getByTestId('parameter-input-item').allInnerTexts()).map((text) =>
				text.split('\n')[0].trim(),
			),
		close: async () => {
			await input.click();
			await list.waitFor({ state: 'hidden' });
		},
	};
}

/** A canvas node by its name. */
export function canvasNode(page: Page, name: string): Locator {
	return page.getByTestId('canvas-node').filter({ hasText: name });
}
