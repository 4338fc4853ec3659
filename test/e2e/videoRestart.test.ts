// A video task survives a reload of the window (issue 5): the packaged extension in a real VS Code
// (code-server) submits a task to the gateway simulator, the window reloads while the task is still
// rendering, and the new extension host resumes polling the same task and saves its MP4.
import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import type { RecordedRequest } from '../sim/server';
import { activityBarItem, openWorkbench, type Workbench } from './fixture';
import { eventually } from '../support/eventually';

/** Polls the simulator needs before it finishes a task: more than can happen before the reload. */
const VIDEO_STEPS = 6;
const PROMPT = 'A paper boat drifting down a rainy street';
const WAIT_MS = 60_000;

describe('Switchboard video tasks across a reload of the window', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({ simulator: { videoSteps: VIDEO_STEPS } });
  });

  after(async function () {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`videoRestart-${this.currentTest.title}`);
  });

  const videosDir = (): string => path.join(workbench.workspace, 'generated', 'videos');
  const quickInput = (): Locator => workbench.page.locator('.quick-input-widget');
  const submissions = (): RecordedRequest[] => workbench.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos/generations'));
  const pollsOf = (requests: RecordedRequest[], taskId: string): RecordedRequest[] =>
    requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/videos/generations/${taskId}`));

  it('resumes polling after the reload and saves the finished MP4', async function () {
    const { page, sim } = workbench;

    // Generate Video…: the prompt in an input box, then the model in a quick pick.
    await eventually(async () => {
      await page.keyboard.press('Escape'); // a palette left open by a previous try
      await workbench.runCommand('Switchboard: Generate Video…');
      await quickInput().filter({ hasText: 'Describe the video' }).waitFor({ timeout: 15_000 });
    }, 2 * WAIT_MS);
    const input = quickInput().locator('input');
    await input.fill(PROMPT);
    await input.press('Enter');
    await quickInput().getByRole('option', { name: /vo3/ }).first().waitFor({ timeout: WAIT_MS });
    await input.fill('vo3');
    await quickInput().getByRole('option', { name: /vo3/ }).first().waitFor({ timeout: WAIT_MS });
    await input.press('Enter');

    // Submitted, and polled at least once (the poll carries the gateway's task id).
    await eventually(async () => assert.equal(submissions().length, 1, 'no video task was submitted'), WAIT_MS);
    assert.equal((submissions()[0]?.body as { model?: unknown }).model, 'vo3');
    let taskId = '';
    await eventually(async () => {
      const poll = sim.requests.find((r) => r.method === 'GET' && /\/videos\/generations\/[\w-]+$/.test(r.path));
      assert.ok(poll, 'the task was never polled');
      taskId = poll.path.split('/').at(-1) ?? '';
    }, WAIT_MS);

    // Reload while the task is still rendering: no MP4 yet, and the simulator has not finished it.
    assert.deepEqual(await mp4Files(), [], 'the video was already saved before the reload');
    const pollsBefore = pollsOf(sim.requests, taskId).length;
    assert.ok(pollsBefore < VIDEO_STEPS, `the task finished before the reload (${pollsBefore} polls)`);
    const hostsBefore = await extensionHostsStarted();
    const requestsBefore = sim.requests.length;
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });

    // As a user would: open the Switchboard view, whose Generation Tasks list shows the task.
    const switchboard = activityBarItem(page, 'Switchboard');
    await switchboard.waitFor({ timeout: WAIT_MS });
    const tasksPane = page.locator('.part.sidebar .pane-header', { hasText: 'Generation Tasks' }).first();
    await eventually(async () => {
      if (!(await tasksPane.isVisible())) await switchboard.click();
      await tasksPane.waitFor({ timeout: 10_000 });
    }, WAIT_MS);

    // The MP4 arrives: real MP4 bytes, under its final name, with no temporary file left beside it.
    await eventually(async () => assert.equal((await mp4Files()).length, 1, 'no MP4 in generated/videos yet'), 3 * WAIT_MS);
    const [video = ''] = await mp4Files();
    const bytes = await readFile(path.join(videosDir(), video));
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', `${video} is not an MP4`);
    assert.match(video, /paper-boat/i, `the file is not named from the prompt: ${video}`);
    await eventually(async () => assert.deepEqual((await readdir(videosDir())).filter((n) => n.endsWith('.part')), [], 'a .part file is left behind'));

    // A new extension host did it, by polling the same task rather than submitting another.
    assert.ok((await extensionHostsStarted()) > hostsBefore, 'the reload did not start a new extension host');
    const after = sim.requests.slice(requestsBefore);
    assert.ok(pollsOf(after, taskId).length > 0, `task ${taskId} was not polled after the reload`);
    assert.equal(submissions().length, 1, 'the task was submitted again instead of resumed');
    assert.equal(pollsOf(sim.requests, taskId).length, VIDEO_STEPS, 'the task was not polled to completion exactly once');
  });

  async function mp4Files(): Promise<string[]> {
    const names = await readdir(videosDir()).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.mp4'));
  }

  /** code-server gives each extension host it starts a log folder (exthost1, exthost2, …). */
  async function extensionHostsStarted(): Promise<number> {
    const logs = path.join(workbench.server.runDir.userDataDir, 'logs');
    const sessions = await readdir(logs);
    const hosts = await Promise.all(sessions.map(async (s) => (await readdir(path.join(logs, s)).catch(() => [])).filter((n) => /^exthost\d+$/.test(n)).length));
    return hosts.reduce((a, b) => a + b, 0);
  }
});

