// Headless Chromium through puppeteer-core from the cached n8n runtime (no browser download).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Owner } from './n8n.mts';
import { findChromium, RUNTIME_DIR } from './paths.mts';
import { addSecret, sleep } from './proc.mts';

// Minimal structural types for the parts of puppeteer we use (puppeteer-core lives outside the repo).
export interface ElementHandle {
	click(): Promise<void>;
	type(text: string, options?: { delay?: number }): Promise<void>;
	evaluate<R>(fn: (el: Element) => R): Promise<R>;
}
export interface Page {
	goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
	url(): string;
	setViewport(v: { width: number; height: number; deviceScaleFactor?: number }): Promise<void>;
	waitForSelector(
		selector: string,
		options?: { timeout?: number; visible?: boolean },
	): Promise<ElementHandle | null>;
	$(selector: string): Promise<ElementHandle | null>;
	$$(selector: string): Promise<ElementHandle[]>;
	type(selector: string, text: string, options?: { delay?: number }): Promise<void>;
	click(selector: string): Promise<void>;
	keyboard: {
		press(key: string): Promise<void>;
		type(text: string, options?: { delay?: number }): Promise<void>;
	};
	mouse: {
		click(x: number, y: number, options?: { clickCount?: number }): Promise<void>;
		move(x: number, y: number): Promise<void>;
		dblclick?: unknown;
	};
	screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
	evaluate<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): Promise<R>;
	waitForFunction(
		fn: string | ((...a: unknown[]) => unknown),
		options?: { timeout?: number; polling?: number | string },
		...args: unknown[]
	): Promise<unknown>;
	on(event: string, handler: (arg: unknown) => void): void;
	close(): Promise<void>;
}
export interface Browser {
	newPage(): Promise<Page>;
	close(): Promise<void>;
	process(): { pid?: number } | null;
}

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export interface BrowserSession {
	browser: Browser;
	page: Page;
	close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
	const executablePath = findChromium();
	if (!executablePath) {
		throw new Error(
			'Chromium not found: apt-get install -y --no-install-recommends chromium fonts-liberation',
		);
	}
	const require = createRequire(join(RUNTIME_DIR, 'package.json'));
	const puppeteer = require('puppeteer-core') as {
		launch(o: Record<string, unknown>): Promise<Browser>;
	};
	const userDataDir = mkdtempSync(join(tmpdir(), 'threat-alerts-chromium-'));
	const browser = await puppeteer.launch({
		executablePath,
		headless: true,
		args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`],
		protocolTimeout: 60_000,
	});
	const page = await browser.newPage();
	await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
	const close = async () => {
		try {
			await Promise.race([browser.close(), sleep(10_000)]);
		} finally {
			const pid = browser.process()?.pid;
			if (pid) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			rmSync(userDataDir, { recursive: true, force: true });
		}
	};
	return { browser, page, close };
}

/** Sign in through the editor's login form. */
export async function signIn(page: Page, baseUrl: string, owner: Owner): Promise<void> {
	addSecret(owner.password);
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle2', timeout: 60_000 });
	const email = await page.waitForSelector(
		'input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]',
		{
			timeout: 30_000,
			visible: true,
		},
	);
	await email!.type(owner.email);
	const password = await page.waitForSelector('input[type="password"]', {
		timeout: 10_000,
		visible: true,
	});
	await password!.type(owner.password);
	await page.keyboard.press('Enter');
	await page.waitForFunction('!location.pathname.startsWith("/signin")', { timeout: 30_000 });
}

/** Click the first visible element whose text content contains `text` (optionally within `selector`). */
export async function clickText(
	page: Page,
	text: string,
	selector = '*',
	timeoutMs = 15_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const clicked = await page.evaluate(
			(sel: string, t: string) => {
				const candidates = [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => {
					if (!el.textContent?.includes(t)) return false;
					const r = el.getBoundingClientRect();
					if (r.width === 0 || r.height === 0) return false;
					// innermost match only
					return ![...el.children].some((c) => c.textContent?.includes(t));
				});
				const el = candidates[0];
				if (!el) return false;
				el.click();
				return true;
			},
			selector,
			text,
		);
		if (clicked) return;
		await sleep(250);
	}
	throw new Error(`no visible element with text "${text}"`);
}

export async function textPresent(page: Page, text: string, timeoutMs = 15_000): Promise<boolean> {
	try {
		await page.waitForFunction(
			`document.body && document.body.innerText.includes(${JSON.stringify(text)})`,
			{ timeout: timeoutMs, polling: 250 },
		);
		return true;
	} catch {
		return false;
	}
}
