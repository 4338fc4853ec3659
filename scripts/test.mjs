// `npm test`: every check in one command, in order, streaming each phase's output:
// typecheck, lint, build, unit tests, webview tests, test tools, the in-editor suite in a real
// VS Code, and the end-to-end UI suite. A failing phase does not stop the others (the summary stays
// complete), except that nothing runs in the editor when the build failed.
// The last line of output is always `N passed, M failed` for the whole run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'test-results');
const mochaBin = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const countReporter = 'test/harness/countReporter.cjs';

/** @typedef {{ name: string, status: 'ok' | 'failed' | 'skipped', passed: number, failed: number, seconds: number, note?: string }} PhaseResult */

/** @type {Array<{ name: string, run: () => Promise<Omit<PhaseResult, 'name' | 'seconds'>>, needsBuild?: boolean }>} */
const phases = [
  { name: 'typecheck', run: () => checkPhase('npm', ['run', 'typecheck']) },
  { name: 'lint', run: () => checkPhase('npm', ['run', 'lint']) },
  { name: 'build', run: () => checkPhase('npm', ['run', 'build']) },
  { name: 'unit', run: () => mochaPhase('unit', 'test/unit') },
  { name: 'webview', run: () => mochaPhase('webview', 'test/webview') },
  { name: 'test tools', run: () => checkPhase(process.execPath, ['test/harness/tools.mjs']), needsBuild: true },
  { name: 'in-editor', run: inEditorPhase, needsBuild: true },
  { name: 'e2e', run: () => mochaPhase('e2e', 'test/e2e'), needsBuild: true },
];

let interrupted = false;
let current;

async function main() {
  await mkdir(resultsDir, { recursive: true });
  // Ctrl+C reaches the running phase too (same process group); let it clean up, then summarize.
  process.on('SIGINT', () => {
    interrupted = true;
  });
  process.on('SIGTERM', () => {
    interrupted = true;
    current?.kill('SIGTERM');
  });

  /** @type {PhaseResult[]} */
  const results = [];
  const started = Date.now();
  for (const phase of phases) {
    const buildFailed = results.some((result) => result.name === 'build' && result.status === 'failed');
    if (interrupted || (phase.needsBuild && buildFailed)) {
      results.push({ name: phase.name, status: 'skipped', passed: 0, failed: 0, seconds: 0, note: interrupted ? 'interrupted' : 'build failed' });
      continue;
    }
    console.log(`\n━━━ ${phase.name} ━━━`);
    const phaseStarted = Date.now();
    let outcome;
    try {
      outcome = await phase.run();
    } catch (error) {
      outcome = { status: 'failed', passed: 0, failed: 1, note: `crashed: ${error instanceof Error ? error.message : error}` };
    }
    results.push({ name: phase.name, ...outcome, seconds: (Date.now() - phaseStarted) / 1000 });
  }

  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`\n━━━ summary (${((Date.now() - started) / 1000).toFixed(0)} s) ━━━`);
  for (const result of results) {
    const counts = result.passed || result.failed ? `${result.passed} passed, ${result.failed} failed` : '';
    const line = [result.name.padEnd(11), result.status.padEnd(8), counts.padEnd(24), result.status === 'skipped' ? '' : `${result.seconds.toFixed(1)} s`];
    if (result.note) line.push(`(${result.note})`);
    console.log(`  ${line.join(' ').trimEnd()}`);
  }
  const anyFailed = failed > 0 || results.some((result) => result.status === 'failed') || interrupted;
  console.log(`${passed} passed, ${failed} failed`);
  return anyFailed ? 1 : 0;
}

/** A phase without test counts (typecheck, lint, build, tools): one failure when it fails. */
async function checkPhase(command, args) {
  const code = await run(command, args);
  return code === 0 ? { status: 'ok', passed: 0, failed: 0 } : { status: 'failed', passed: 0, failed: 1, note: `exit ${code}` };
}

/** A mocha suite run in Node, counted by the count reporter. */
async function mochaPhase(name, folder) {
  const config = path.join(folder, '.mocharc.json');
  if (!existsSync(path.join(repoRoot, config))) return { status: 'skipped', passed: 0, failed: 0, note: `no ${config}` };
  if (!hasTests(path.join(repoRoot, folder))) return { status: 'skipped', passed: 0, failed: 0, note: `no tests in ${folder} yet` };
  const countFile = path.join(resultsDir, `counts-${name}.json`);
  await rm(countFile, { force: true });
  const args = [mochaBin, '--config', config, '--reporter', countReporter, ...(process.env.CI ? ['--forbid-only'] : [])];
  const code = await run(process.execPath, args, { SWITCHBOARD_COUNT_FILE: countFile });
  const counts = await readCounts(countFile);
  if (!counts) return { status: 'failed', passed: 0, failed: 1, note: `mocha exited ${code} without a result` };
  // A non-zero exit with no failing test means mocha itself failed (e.g. a file did not load).
  const failed = counts.failed || (code === 0 ? 0 : 1);
  return { status: failed ? 'failed' : 'ok', passed: counts.passed, failed, note: counts.pending ? `${counts.pending} pending` : undefined };
}

async function inEditorPhase() {
  const resultFile = path.join(resultsDir, 'vscode.json');
  await rm(resultFile, { force: true });
  const code = await run(process.execPath, ['test/harness/run-in-code-server.mjs']);
  const counts = await readCounts(resultFile);
  if (!counts || typeof counts.passed !== 'number') return { status: 'failed', passed: 0, failed: 1, note: `exit ${code}, no result` };
  const failed = counts.failed || (code === 0 ? 0 : 1);
  return { status: failed ? 'failed' : 'ok', passed: counts.passed, failed, note: counts.error };
}

function hasTests(folder) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((entry) =>
      entry.isDirectory() ? entry.name !== 'node_modules' && walk(path.join(dir, entry.name)) : entry.name.endsWith('.test.ts'),
    );
  return existsSync(folder) && walk(folder);
}

async function readCounts(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    current = child;
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
