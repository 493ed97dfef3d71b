import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Flags Chromium needs on these machines (root, no GPU, closed network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (`apt-get install -y chromium`); playwright cannot download its own here. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  // Playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A fresh browser context and page; records every request and uncaught page error. */
export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Every URL the context requested (documents, scripts, XHR/fetch, fonts, images…) and every WebSocket opened. */
  requests: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: Error[];
}

export async function openPage(browser: Browser, baseUrl: string): Promise<PageSession> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
  });
  const requests: string[] = [];
  const pageErrors: Error[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('pageerror', (error) => pageErrors.push(error));
  page.setDefaultTimeout(15_000);
  return { context, page, requests, pageErrors };
}

/** A file name from a test name: letters and digits kept, anything else becomes `-`. */
export function artifactName(testName: string): string {
  return testName.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

/** Saves a full-page screenshot to `e2e/artifacts/<test-name>.png` and returns its path. */
export async function screenshot(page: Page, testName: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${artifactName(testName)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A fresh browser context per test: `session` and `page` are the current test's. */
export interface PagePerTest {
  readonly session: PageSession;
  readonly page: Page;
}

/**
 * Registers the hooks most specs share: one browser for the file, a new context and page per
 * test, a screenshot when `shot` names one (given the test's name and whether it failed), and no
 * uncaught exception in the page allowed.
 */
export function pagePerTest(baseUrl: string, shot: (testName: string, failed: boolean) => string | null): PagePerTest {
  let browser: Browser | undefined;
  let session: PageSession | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    session = await openPage(browser!, baseUrl);
  });
  afterEach(async ({ task }) => {
    const name = shot(task.name, task.result?.state === 'fail');
    if (name) await screenshot(session!.page, name).catch((e: unknown) => console.warn(`screenshot of "${task.name}" failed: ${String(e)}`));
    const errors = session!.pageErrors.map((e) => e.message);
    await session!.context.close();
    expect(errors, 'uncaught exceptions in the page').toEqual([]);
  });
  return {
    get session() { return session!; },
    get page() { return session!.page; },
  };
}
