// Headless Debian Chromium driven by playwright-core (no browser downloads: `npx playwright install`
// cannot reach its CDN from CI machines like these).
import { chromium } from 'playwright-core';

// What works as root in a container: no sandbox, no GPU, nothing phoning home.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * @param {{ executablePath: string, viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' }} options
 */
export async function openBrowser({ executablePath, viewport = { width: 1400, height: 900 }, colorScheme = 'dark' }) {
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    return { browser, context, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
