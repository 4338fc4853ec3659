// `npm run demo -- --smoke`: checks the demo the way a newcomer uses it. Starts `scripts/demo.mjs`
// as its own process (in browser mode, the one that works without a desktop VS Code), takes the URL
// it prints, opens it in Chromium, sends one chat message to the gateway simulator and waits for
// the answer, then presses Ctrl+C (SIGINT) and checks that the demo exited and left no process and
// no run folder behind. Exit code 0 and a last line `demo smoke: passed` when all of that held.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser } from '../test/harness/browser.mjs';
import { createRunDir } from '../test/harness/codeServer.mjs';
import { findChromium } from '../test/harness/tools.mjs';

// The first run installs Node 24 and code-server (~620 MB); under load that takes minutes.
const startTimeoutMs = 20 * 60_000;
const uiTimeoutMs = 120_000;
const stopTimeoutMs = 30_000;

/** @param {string[]} demoArgs options passed on to the demo (e.g. --port) */
export async function smoke(demoArgs) {
  const chromium = await findChromium();
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'demo.mjs');
  const demo = spawn(process.execPath, [script, '--web', ...demoArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => demo.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  const relay = (stream) => (chunk) => {
    output += chunk;
    stream.write(String(chunk).replace(/^(?=.)/gm, '  demo │ '));
  };
  demo.stdout.on('data', relay(process.stdout));
  demo.stderr.on('data', relay(process.stderr));

  let browser;
  /** @type {import('../test/harness/codeServer.d.mts').RunDir | undefined} */
  let smokeDir;
  try {
    const url = await waitFor(() => /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m.exec(output)?.[1], exited, startTimeoutMs, 'the demo to print its URL');
    const runDir = /[?&]folder=([^&\s]+)/.exec(url)?.[1];
    const runFolder = runDir ? path.dirname(decodeURIComponent(runDir)) : undefined;
    console.log(`demo smoke: opening ${url}`);

    smokeDir = await createRunDir('smoke');
    browser = await openBrowser({ executablePath: chromium, profileDir: path.join(smokeDir.dir, 'chromium') });
    const { page } = browser;
    page.setDefaultTimeout(uiTimeoutMs);
    await page.goto(url, { timeout: uiTimeoutMs });
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Switchboard', exact: true }).click();
    const chat = page.locator('iframe.webview:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    // The host has sent its state (keys imported, models listed) once the picker shows a model.
    await poll(async () => (await chat.getByRole('combobox', { name: 'Model' }).inputValue()) !== '', 'a model in the picker');

    const question = `Smoke check ${Date.now().toString(36)}: are you there?`;
    await box.fill(question);
    await box.press('Enter');
    const reply = chat.getByRole('article', { name: /^Switchboard/ }).filter({ hasText: question }).last();
    await reply.waitFor();
    await poll(async () => (await reply.getAttribute('aria-busy')) !== 'true', 'the answer to finish streaming');
    const answer = (await reply.innerText()).trim();
    if (!/answer from the Switchboard gateway simulator/.test(answer)) throw new Error(`unexpected answer:\n${answer}`);
    console.log(`demo smoke: the simulator answered (${answer.length} characters)`);
    await browser.close();
    browser = undefined;

    // Ctrl+C, as a user stops the demo; everything it started must go with it.
    const started = descendants(demo.pid);
    demo.kill('SIGINT');
    const { code, signal } = await withTimeout(exited, stopTimeoutMs, 'the demo to stop after Ctrl+C');
    const left = await waitUntilGone(started);
    if (left.length) throw new Error(`processes left behind after Ctrl+C: ${left.map((p) => `${p.pid} ${p.command}`).join(', ')}`);
    if (runFolder && existsSync(runFolder)) throw new Error(`the demo's run folder is still there: ${runFolder}`);
    console.log(`demo smoke: Ctrl+C stopped the demo (exit ${code ?? signal}) and its ${started.length} processes; nothing left behind`);
    console.log('demo smoke: passed');
  } finally {
    await browser?.close().catch(() => undefined);
    await smokeDir?.remove();
    if (demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGINT');
      await withTimeout(exited, stopTimeoutMs, 'the demo to stop').catch(() => demo.kill('SIGKILL'));
    }
  }
}

/**
 * Every live process started under `root`: its descendants, and everyone in their process groups
 * (code-server runs in its own group, which its stop() signals as a whole).
 * @param {number | undefined} root
 */
function descendants(root) {
  const table = processTable();
  const found = new Map();
  const groups = new Set();
  const visit = (pid) => {
    for (const proc of table) {
      if (proc.ppid === pid && !found.has(proc.pid)) {
        found.set(proc.pid, proc);
        groups.add(proc.pgrp);
        visit(proc.pid);
      }
    }
  };
  if (root) visit(root);
  // The demo itself shares this process's group (and its parents', e.g. npm's): that group is not its.
  groups.delete(table.find((proc) => proc.pid === process.pid)?.pgrp ?? -1);
  for (const proc of table) if (groups.has(proc.pgrp) && !found.has(proc.pid)) found.set(proc.pid, proc);
  return [...found.values()];
}

/** Linux /proc: pid, parent, process group, command; zombies count as gone. */
function processTable() {
  if (process.platform !== 'linux') throw new Error('The demo smoke check reads /proc, so it runs on Linux only.');
  const table = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      table.push({ pid: Number(entry), ppid: Number(fields[1]), pgrp: Number(fields[2]), command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), start: fields[19] });
    } catch {
      // Exited while we looked.
    }
  }
  return table;
}

/** Processes from `before` still alive (same pid and start time) after a grace period. */
async function waitUntilGone(before) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const alive = new Map(processTable().map((proc) => [proc.pid, proc]));
    const left = before.filter((proc) => alive.get(proc.pid)?.start === proc.start);
    if (!left.length || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitFor(read, exited, timeoutMs, what) {
  let done = false;
  const stop = exited.then(({ code, signal }) => {
    done = true;
    return { code, signal };
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (done) {
      const { code, signal } = await stop;
      throw new Error(`the demo exited (${code ?? signal}) before ${what.replace(/^the demo to /, '')}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function poll(check, what) {
  const deadline = Date.now() + uiTimeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))),
  ]);
}
