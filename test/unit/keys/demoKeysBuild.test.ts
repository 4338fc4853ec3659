// SWITCHBOARD_DEMO_KEYS can import a key into SecretStorage. A package built for users must have no
// such code at all; a development build and the package the tests make keep it.
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { extensionDefines } from '../../../scripts/buildDefines.mjs';

async function bundle(production: boolean, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    write: false,
    minify: production,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'gpt-tokenizer'],
    define: extensionDefines(production, env),
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('SWITCHBOARD_DEMO_KEYS is compiled out of a package built for users', function () {
  this.timeout(60_000);

  it('the production build has no code that reads SWITCHBOARD_DEMO_KEYS', async () => {
    assert.doesNotMatch(await bundle(true, {}), /SWITCHBOARD_DEMO_KEYS/);
  });

  it('a development build and the test package (SWITCHBOARD_DEMO_BUILD=1) keep it', async () => {
    assert.match(await bundle(false, {}), /SWITCHBOARD_DEMO_KEYS/);
    assert.match(await bundle(true, { SWITCHBOARD_DEMO_BUILD: '1' }), /SWITCHBOARD_DEMO_KEYS/);
  });
});
