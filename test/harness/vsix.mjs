// Packages the extension as users get it (`vsce package`, which runs the production build through
// vscode:prepublish), for editors that load it without the smoke-test driver.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir, fixtureToolExtensionDir, repoRoot } from './paths.mjs';

const require = createRequire(import.meta.url);
/** @type {Map<string, Promise<string>>} */
const packaged = new Map();

/**
 * Returns the path of a fresh VSIX, packaging at most once per process and output path.
 * SWITCHBOARD_VSIX names an already packaged file to use instead (e.g. one `npm test` made).
 * @param {{ out?: string, log?: (line: string) => void }} [options]
 */
export function packageExtension({ out = path.join(cacheDir, 'switchboard-test.vsix'), log = (line) => console.log(line) } = {}) {
  const given = process.env.SWITCHBOARD_VSIX;
  if (given && existsSync(given)) return Promise.resolve(path.resolve(given));
  let pending = packaged.get(out);
  if (!pending) {
    pending = runVsce(out, log);
    packaged.set(out, pending);
    pending.catch(() => packaged.delete(out));
  }
  return pending;
}

/**
 * Packages test/fixtures/tool-extension (another extension's language model tool) once per process.
 * @returns {Promise<string>}
 */
export function packageFixtureToolExtension({ out = path.join(cacheDir, 'fixture-tools.vsix'), log = (line) => console.log(line) } = {}) {
  let pending = packaged.get(out);
  if (!pending) {
    pending = runVsce(out, log, fixtureToolExtensionDir, ['--skip-license']);
    packaged.set(out, pending);
    pending.catch(() => packaged.delete(out));
  }
  return pending;
}

async function runVsce(out, log, cwd = repoRoot, extra = []) {
  await mkdir(path.dirname(out), { recursive: true });
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const started = Date.now();
  // Tests need no README links rewritten to a repository (and the manifest may not name one).
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', ...extra, '--out', out];
  let output = '';
  const code = await new Promise((resolve, reject) => {
    // No stdin: vsce asks questions (e.g. about a missing LICENSE) and must fail rather than wait.
    // A test package keeps SWITCHBOARD_DEMO_KEYS (see scripts/buildDefines.mjs); a release does not.
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SWITCHBOARD_DEMO_BUILD: '1' } });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(out)) throw new Error(`vsce package failed (exit ${code}):\n${output.trim()}`);
  log(`[vsix] packaged ${path.relative(repoRoot, out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}
