import { chromiumArgs } from '../harness/browser.mjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; nothing is downloaded. Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';


export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...chromiumArgs] });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Messages of dialogs (alert, confirm, prompt) the page opened; each was dismissed. */
  dialogs: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: Error[];
  /** Requests to anything but loopback, which were blocked. */
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * A fresh context per test: requests may only go to 127.0.0.1 (anything else is aborted
 * and recorded), dialogs are recorded and dismissed, page errors are collected.
 */
export async function openTestPage(browser: Browser, url?: string): Promise<TestPage> {
  const context = await browser.newContext();
  const blockedRequests: string[] = [];
  await context.route('**/*', (route) => {
    const requestUrl = route.request().url();
    if (isLoopback(requestUrl)) return route.continue();
    blockedRequests.push(requestUrl);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: Error[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => pageErrors.push(error));
  if (url) await page.goto(url);
  return { context, page, dialogs, pageErrors, blockedRequests, close: () => context.close() };
}

function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'about:' || protocol === 'data:' || protocol === 'blob:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}
