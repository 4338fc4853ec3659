// Headless Debian Chromium driven by playwright-core (no browser downloads: `npx playwright install`
// cannot reach its CDN from CI machines like these).
import { chromium } from 'playwright-core';

// What works as root in a container: no sandbox, no GPU, nothing phoning home.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Belt and braces for "loopback only": no host name other than the local one resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Launches Chromium with its profile in `profileDir` (inside the run folder, not /tmp).
 * @param {{ executablePath: string, profileDir: string, viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' }} options
 */
export async function openBrowser({ executablePath, profileDir, viewport = { width: 1400, height: 900 }, colorScheme = 'dark' }) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: chromiumArgs,
    viewport,
    colorScheme,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
