import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const WEBVIEW_TEST_OUT = join(process.cwd(), 'out', 'webview-test');

export interface BuiltBundle {
  js: string;
  css: string;
}

/** Bundles a browser entry point (and the CSS it imports) into out/webview-test/ and returns both texts. */
export async function buildBrowserBundle(entry: string, name: string): Promise<BuiltBundle> {
  await build({
    entryPoints: { [name]: entry },
    outdir: WEBVIEW_TEST_OUT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    sourcemap: 'inline',
    loader: { '.css': 'css', '.ttf': 'file' },
    logLevel: 'warning',
  });
  const js = await readFile(join(WEBVIEW_TEST_OUT, `${name}.js`), 'utf8');
  const css = await readFile(join(WEBVIEW_TEST_OUT, `${name}.css`), 'utf8').catch(() => '');
  return { js, css };
}

/** A page that loads the bundle, served by a loopback server. */
export function harnessPage(name: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${name}</title><link rel="stylesheet" href="/${name}.css"></head>
<body><script src="/${name}.js"></script></body></html>`;
}
