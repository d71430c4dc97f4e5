import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { seconds } from '../../../scripts/n8n/log';

/** Debian's Chromium, which the browser suite drives; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ENSURE_CHROMIUM_SCRIPT = 'scripts/browser/ensure-chromium.sh';

/**
 * Flags for headless Chromium on a machine with a closed network: without the
 * background-networking ones it keeps trying Google's hosts. Playwright adds `--headless` and a
 * fresh, empty `--user-data-dir` of its own to every launch.
 */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Where the screenshots go: outside the repository, kept after the run. */
export const SCREENSHOT_FOLDER = join(tmpdir(), 'gemini-image-browser-screenshots');

/** Fails, naming the install script, when Chromium is not installed. */
export function assertChromiumInstalled(): void {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium is not installed (${CHROMIUM_PATH} is missing): run ${ENSURE_CHROMIUM_SCRIPT} ` +
				`(it installs Debian's chromium with apt-get), then run the browser suite again.`,
		);
	}
}

export async function launchChromium(): Promise<Browser> {
	assertChromiumInstalled();
	// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
	});
}

/**
 * Numbered steps through the editor, each ending with a screenshot (`NN-name.png`). A failed step
 * leaves `NN-name-failed.png` and fails with the page's address, the screenshot's path and
 * whatever n8n was showing in its notifications.
 */
export class BrowserSteps {
	readonly screenshots: string[] = [];
	/** Each step's screenshot with the time the step took, for the closing summary. */
	private readonly timed: string[] = [];
	private count = 0;

	constructor(readonly folder = SCREENSHOT_FOLDER) {
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
	}

	async run<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
		const number = String(++this.count).padStart(2, '0');
		const startedAt = Date.now();
		let result: T;
		try {
			result = await work();
		} catch (error) {
			const shot = await this.shoot(page, `${number}-${name}-failed`).catch(
				(shotError: Error) => `(no screenshot: ${shotError.message})`,
			);
			const notices = await page
				.locator('.el-notification')
				.allInnerTexts()
				.catch(() => []);
			const shown = notices.length > 0 ? `\nn8n showed: ${notices.join(' | ')}` : '';
			this.timed.push(`${shot} (failed after ${seconds(startedAt)})`);
			const reason = error instanceof Error ? error.message : String(error);
			throw new Error(
				`Step "${name}" failed at ${page.url()}\nScreenshot: ${shot}${shown}\n${reason}`,
				{ cause: error },
			);
		}
		const shot = await this.shoot(page, `${number}-${name}`);
		this.timed.push(`${shot} (${seconds(startedAt)})`);
		return result;
	}

	/** The screenshots taken, one a line, with each step's time. */
	summary(): string {
		return this.timed.join('\n');
	}

	private async shoot(page: Page, name: string): Promise<string> {
		const path = join(this.folder, `${name}.png`);
		await page.screenshot({ path });
		this.screenshots.push(path);
		return path;
	}
}

/**
 * Polls `read` until `done` accepts what it returned, or the time is up; returns the last
 * value either way, so that the caller's assertion shows what was there.
 */
export async function pollUntil<T>(
	page: Page,
	read: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs: number,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value) && Date.now() < deadline) {
		await page.waitForTimeout(200);
		value = await read();
	}
	return value;
}
