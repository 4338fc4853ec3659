import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runShell } from '../../../src/agent/processRun';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

describe('agent command process', () => {
  let dir: string;
  beforeEach(async () => (dir = await realpath(await mkdtemp(path.join(tmpdir(), 'sb-run-')))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('captures output from stdout and stderr and the exit code, in the given folder', async () => {
    const seen: string[] = [];
    const result = await runShell('pwd; echo out; echo err 1>&2; exit 3', { cwd: dir, signal: new AbortController().signal, onOutput: (t) => seen.push(t) });
    assert.equal(result.exitCode, 3);
    assert.match(result.output, new RegExp(`${dir}\\n`));
    assert.match(result.output, /out/);
    assert.match(result.output, /err/);
    assert.match(seen.join(''), /out/);
  });

  it('bounds a large output with a note', async () => {
    const result = await runShell("node -e \"process.stdout.write('y'.repeat(200000))\"", { cwd: dir, signal: new AbortController().signal });
    assert.equal(result.exitCode, 0);
    assert.ok(Buffer.byteLength(result.output) < 20_000);
    assert.match(result.output, /not kept|cut/);
  });

  it('stopping kills the shell and the process it started', async () => {
    const controller = new AbortController();
    const pidFile = path.join(dir, 'child.pid');
    // The shell starts a node child that records its own pid and runs forever.
    const running = runShell(`node -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); setInterval(() => {}, 1000)"`, { cwd: dir, signal: controller.signal });
    await until(async () => (await readFile(pidFile, 'utf8').catch(() => '')) !== '');
    const childPid = Number(await readFile(pidFile, 'utf8'));
    assert.ok(alive(childPid));
    controller.abort();
    const result = await running;
    assert.equal(result.stopped, true);
    await until(() => !alive(childPid));
    assert.equal(alive(childPid), false);
  });

  it('a timeout kills a command that runs too long', async () => {
    const result = await runShell('sleep 30', { cwd: dir, signal: new AbortController().signal, timeoutMs: 200 });
    assert.equal(result.timedOut, true);
    assert.notEqual(result.exitCode, 0);
  });
});
