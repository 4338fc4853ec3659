// Bundles the extension host (Node, CommonJS) and the webview UI (browser, ESM) with esbuild.
import * as esbuild from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import { extensionDefines } from './buildDefines.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

// gpt-tokenizer's tables are megabytes: they go into their own file, which the host requires on
// the first token count, so activation never parses them.
const tokenizerOnDemand = {
  name: 'tokenizer-on-demand',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer$/ }, () => ({ path: './tokenizer.js', external: true }));
  },
};

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: extensionDefines(production),
    plugins: [tokenizerOnDemand],
  }),
  await esbuild.context({
    ...common,
    entryPoints: { tokenizer: 'src/gateway/tokenizerBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  }),
  await esbuild.context({
    ...common,
    entryPoints: { webview: 'webview-ui/src/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    loader: { '.css': 'css', '.ttf': 'file' },
  }),
];

// Tests that run inside VS Code are bundled too, so the same files load under code-server and test-electron.
if (!production) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: { 'integration/index': 'test/integration/index.ts' },
      outdir: 'out/test',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    }),
  );
}

await mkdir('dist', { recursive: true });
await cp('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css');
await cp('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf');

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
