import type { BrowserContext, Page } from 'playwright-core';

export function openBrowser(options: {
  executablePath: string;
  profileDir: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;

/** Flags that work as root in a container, with nothing but loopback reachable. */
export const chromiumArgs: readonly string[];
