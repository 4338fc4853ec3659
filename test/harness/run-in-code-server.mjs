// `npm run test:vscode`: the in-editor mocha suite (out/test/integration/index.js) inside a real
// VS Code: code-server with the smoke-test driver, opened by headless Chromium with the extension
// loaded from source, as @vscode/test-electron does on desktop. Expects `npm run build` first.
//
// Environment: SWITCHBOARD_TEST_TIMEOUT_MS (whole run, default 15 min), SWITCHBOARD_TEST_GREP
// (mocha grep inside the editor), SWITCHBOARD_KEEP_RUN=1 (keep the run folder even on success).
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'node:util';
import { openBrowser } from './browser.mjs';
import { copyFixtureWorkspace, createRunDir, installExtension, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { extensionBundle, integrationIndex, repoRoot, resultsDir } from './paths.mjs';
import { simulatorEnv, simulatorSettings, startSimulatorIfPresent } from './simulator.mjs';
import { ensureTools } from './tools.mjs';
import { packageFixtureToolExtension } from './vsix.mjs';

const resultPattern = /SWITCHBOARD_RESULT (\{.*\})/;
// Routine workbench log lines that say nothing about the tests (kept in the run's workbench-console.log).
const workbenchChatter = [
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\]/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Timed out waiting for authentication provider 'github'/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  /^Updating additional builtin extensions cache/,
];

/** Workbench errors carry 20-line stacks into minified workbench.js; the terminal gets the top two frames. */
function shortenStack(text) {
  const lines = text.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at .*\/static\/out\/vs\//.test(line));
  if (firstFrame < 0 || lines.length - firstFrame <= 4) return text;
  const hidden = lines.length - firstFrame - 3;
  return [...lines.slice(0, firstFrame + 2), `    … ${hidden} more frames in the run's workbench-console.log`, ''].join('\n');
}
const timeoutMs = Number(process.env.SWITCHBOARD_TEST_TIMEOUT_MS ?? 15 * 60_000);

async function main() {
  for (const file of [extensionBundle, integrationIndex]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run \`npm run build\` first.`);
  }
  await mkdir(resultsDir, { recursive: true });
  const started = Date.now();
  const tools = await ensureTools();
  const runDir = await createRunDir('vscode');
  const cleanups = [];
  let result;
  let timedOutAfter;
  try {
    const workspace = await copyFixtureWorkspace(runDir);
    const sim = await startSimulatorIfPresent();
    if (sim) cleanups.push(() => sim.close());
    else console.log('[harness] test/sim/server.ts not found: running without the gateway simulator');

    // Another extension's tool, installed as users install extensions (the web workbench loads only
    // one development extension), for the agent's external-tools test.
    await installExtension(tools, runDir, await packageFixtureToolExtension());
    const server = await startCodeServer({
      tools,
      runDir,
      smokeDriver: true,
      settings: sim ? simulatorSettings(sim) : {},
      env: {
        ...(sim ? simulatorEnv(sim) : {}),
        ...(process.env.SWITCHBOARD_TEST_GREP ? { SWITCHBOARD_TEST_GREP: process.env.SWITCHBOARD_TEST_GREP } : {}),
        SWITCHBOARD_TEST_WORKSPACE: workspace,
        // mocha's ✔/✖ symbols colour themselves whenever CI is set; the output goes to a pipe anyway.
        NO_COLOR: '1',
      },
    });
    cleanups.unshift(() => server.stop());

    const { page, close } = await openBrowser({ executablePath: tools.chromium, profileDir: path.join(runDir.dir, 'chromium') });
    cleanups.unshift(close);

    let lastResult;
    // Everything the workbench and extension host log; the terminal gets it minus known chatter.
    const consoleLog = createWriteStream(path.join(runDir.dir, 'workbench-console.log'));
    cleanups.push(() => new Promise((resolve) => consoleLog.end(resolve)));
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    // Called by the workbench when the extension host ends the test run: 0 passed, 1 failed.
    await page.exposeFunction('codeAutomationExit', async (code, logs) => {
      if (code !== 0 && Array.isArray(logs)) await saveLogs(logs).catch(() => undefined);
      onExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      // The extension host forwards console.log's arguments unformatted (mocha logs '%s) %s', …).
      const text = Array.isArray(message) ? format(...message) : String(message);
      const match = resultPattern.exec(text);
      if (match) lastResult = JSON.parse(match[1]);
      const line = text.endsWith('\n') ? text : `${text}\n`;
      consoleLog.write(line);
      if (!workbenchChatter.some((pattern) => pattern.test(text))) process.stdout.write(shortenStack(line));
    });
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));

    const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: integrationIndex });
    console.log(`[harness] opening the workbench (timeout ${Math.round(timeoutMs / 1000)} s)`);
    await page.goto(url, { timeout: 120_000 });
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      timedOutAfter = Math.round(timeoutMs / 1000);
      const shot = path.join(resultsDir, 'vscode-timeout.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`[harness] no result after ${Math.round(timeoutMs / 1000)} s; screenshot: ${path.relative(repoRoot, shot)}`);
    }
    result = lastResult;
    if (result && outcome !== 'timeout' && outcome !== 0 && result.failed === 0) {
      // The extension host reported failure without a failing test (e.g. run() threw after the suite).
      result = { ...result, failed: 1 };
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`[harness] cleanup: ${error.message}`));
    const ok = result && result.failed === 0;
    if (ok && !process.env.SWITCHBOARD_KEEP_RUN) await runDir.remove();
    else console.log(`[harness] run folder kept: ${path.relative(repoRoot, runDir.dir)}`);
  }

  const error = timedOutAfter ? `timed out after ${timedOutAfter} s` : 'no SWITCHBOARD_RESULT line from the test run';
  const summary = result ?? { passed: 0, failed: 1, error };
  await writeFile(path.join(resultsDir, 'vscode.json'), `${JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 })}\n`);
  console.log(`[harness] in-editor suite: ${summary.passed} passed, ${summary.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result && result.failed === 0 ? 0 : 1;
}

async function saveLogs(logs) {
  const dir = path.join(resultsDir, 'vscode-logs');
  for (const { relativePath, contents } of logs) {
    const target = path.join(dir, String(relativePath).replace(/^(\.\.[/\\])+/, ''));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, contents);
  }
  console.log(`[harness] editor logs saved in ${path.relative(repoRoot, dir)}`);
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    await writeFile(path.join(resultsDir, 'vscode.json'), `${JSON.stringify({ passed: 0, failed: 1, error: String(error?.message ?? error) })}\n`).catch(
      () => undefined,
    );
    console.error(`[harness] ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
