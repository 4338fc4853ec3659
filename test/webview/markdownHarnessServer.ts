import { buildBrowserBundle, harnessPage } from './bundle';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';

const NAME = 'markdown-harness';

/** Builds the renderer's test bundle and serves it (page at `/`, images under `/img/`) on loopback. */
export async function startMarkdownHarness(extraFiles: Record<string, { contentType: string; body: string }> = {}): Promise<LoopbackServer> {
  const bundle = await buildBrowserBundle('test/webview/fixtures/markdownHarness.ts', NAME);
  return startLoopbackServer({
    '/': { contentType: 'text/html; charset=utf-8', body: harnessPage(NAME) },
    [`/${NAME}.js`]: { contentType: 'text/javascript; charset=utf-8', body: bundle.js },
    [`/${NAME}.css`]: { contentType: 'text/css; charset=utf-8', body: bundle.css },
    ...extraFiles,
  });
}
