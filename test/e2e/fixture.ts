// End-to-end UI tests drive a real VS Code (code-server) in headless Chromium from Node.
//
// By default the extension is installed from a freshly packaged VSIX into a code-server started
// WITHOUT the smoke-test driver: that driver hides notification toasts and skips dialogs, which
// UI tests need to see, and without it the workbench ignores the URL payload that loads an
// extension from source. The VSIX (0.5 s to install, packaged once per test process) is also
// exactly what users install. `smokeDriver: true` loads the extension from source instead (no
// packaging; toasts hidden).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openBrowser } from '../harness/browser.mjs';
import { copyFixtureWorkspace, createRunDir, startCodeServer, workbenchUrl, type CodeServer } from '../harness/codeServer.mjs';
import { repoRoot, resultsDir } from '../harness/paths.mjs';
import { simulatorEnv, simulatorSettings } from '../harness/simulator.mjs';
import { ensureTools } from '../harness/tools.mjs';
import { packageExtension } from '../harness/vsix.mjs';
import { startSimulator, type SimOptions, type Simulator } from '../sim/server';

export interface WorkbenchOptions {
  /** User settings on top of the ones pointing Switchboard at the simulator. */
  settings?: Record<string, unknown>;
  /** Extra environment for the editor (the simulator's SWITCHBOARD_DEMO_KEYS is always set). */
  env?: Record<string, string>;
  /** Load the extension from source through the smoke-test driver (notifications are hidden). */
  smokeDriver?: boolean;
  simulator?: SimOptions;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  sim: Simulator;
  server: CodeServer;
  /** The private copy of test/fixtures/workspace opened in the editor. */
  workspace: string;
  /** The Switchboard chat webview's document (outer iframe.webview → inner iframe#active-frame). */
  chatFrame(): FrameLocator;
  /** Runs a command by its palette title, e.g. "Switchboard: New Chat", through F1. */
  runCommand(title: string): Promise<void>;
  /** Notification toasts currently shown. */
  notifications(): Locator;
  /** Saves test-results/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const readyTimeoutMs = 90_000;

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const tools = await ensureTools();
    const vsix = options.smokeDriver ? [] : [await packageExtension()];
    const runDir = await createRunDir('e2e');
    cleanups.push(() => runDir.remove());
    const workspace = await copyFixtureWorkspace(runDir);

    const sim = await startSimulator({ chunkDelayMs: 10, ...options.simulator });
    cleanups.push(() => sim.close());

    const server = await startCodeServer({
      tools,
      runDir,
      vsix,
      smokeDriver: options.smokeDriver ?? false,
      settings: { ...simulatorSettings(sim), ...options.settings },
      env: { ...simulatorEnv(sim), ...options.env },
    });
    cleanups.push(() => server.stop());

    const browser = await openBrowser({
      executablePath: tools.chromium,
      profileDir: path.join(runDir.dir, 'chromium'),
      colorScheme: options.colorScheme,
      viewport: options.viewport,
    });
    cleanups.push(() => browser.close());
    const { page } = browser;

    const url = workbenchUrl(server, {
      folder: workspace,
      ...(options.smokeDriver ? { extensionDevelopmentPath: repoRoot } : {}),
    });
    await page.goto(url, { timeout: readyTimeoutMs });
    await page.locator('.monaco-workbench').waitFor({ timeout: readyTimeoutMs });
    // The activity-bar entry appears once the extension's contributions are registered.
    await activityBarItem(page, 'Switchboard').waitFor({ timeout: readyTimeoutMs });

    return {
      page,
      sim,
      server,
      workspace,
      chatFrame: () => page.locator('iframe.webview:visible').first().contentFrame().locator('iframe#active-frame').contentFrame(),
      runCommand: (title) => runCommand(page, title),
      notifications: () => page.locator('.notifications-toasts .notification-toast'),
      screenshot: async (name) => {
        const file = path.join(resultsDir, 'e2e', `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await mkdir(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An activity-bar entry (a view container such as Explorer or Switchboard), by its title. */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator('.part.activitybar').getByRole('tab', { name: title, exact: true });
}

async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // F1 needs keyboard focus inside the workbench; the status bar is always there and harmless to click.
  await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('F1');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list').getByRole('option', { name: title }).first();
  await row.waitFor();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
}
