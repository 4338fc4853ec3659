import assert from 'node:assert/strict';
import { build } from 'esbuild';

// src/shared is imported by the webview too: what the webview bundle takes from it must be plain
// ECMAScript. The protocol's zod schemas are host-only (the webview imports its types alone).
describe('shared/: what the webview bundle takes in', function () {
  this.timeout(60_000);
  it('bundles the shared credit formatter, and nothing from zod or Node', async () => {
    const result = await build({
      entryPoints: ['webview-ui/src/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      target: 'chrome120',
      loader: { '.css': 'css', '.ttf': 'file' },
      outdir: 'out/webview-bundle-check',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/shared/creditsFormat.ts'), 'the webview does not use the shared formatter');
    assert.deepEqual(inputs.filter((i) => /node_modules\/zod\/|^node:|src\/gateway\//.test(i)), []);
  });
});
