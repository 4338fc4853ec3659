// Images and video tasks through the real extension in a real VS Code, against the gateway
// simulator started in this extension host: files land in the fixture workspace, tasks show
// progress, survive a restart of the task runner, and a failing task shows its reason.
import * as assert from 'node:assert/strict';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../sim/server';
import type { SwitchboardApi } from '../../src/extension';
import type { ImageOutcome } from '../../src/media/imageCommand';
import { workspaceImageReference } from '../../src/shared/workspaceImages';
import type { VideoTaskRecord } from '../../src/media/videoTask';
import { setGlobal, activateSwitchboard, rememberSettings } from './switchboardSetup';

type TaskRow = VideoTaskRecord & { description: string; contextValue: string };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opened no workspace folder');
  return folder.uri.fsPath;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function rows(): Promise<TaskRow[]> {
  return (await vscode.commands.executeCommand<TaskRow[]>('_switchboard.media.tasks')) ?? [];
}

/** Polls the Generation Tasks rows until one satisfies `done`, recording every description seen. */
async function watchTask(id: string, done: (row: TaskRow) => boolean, seen: string[] = [], timeoutMs = 45_000): Promise<TaskRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await rows()).find((r) => r.id === id);
    assert.ok(row, `task ${id} is not in Generation Tasks`);
    if (seen.at(-1) !== row.description) seen.push(row.description);
    if (done(row)) return row;
    if (Date.now() > deadline) assert.fail(`task ${id} never got there; last seen: ${row.description}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function openTabFor(file: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => (tab.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath === file);
}

describe('Images and videos into the workspace (real VS Code, simulator over loopback)', () => {
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;
  const settings = ['provider', 'baseUrl.helyx', 'baseUrl.heytoken', 'images.folder', 'images.model', 'videos.folder', 'videos.model'];

  before(async () => {
    sim = await startSimulator({ videoSteps: 3 });
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(settings);
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('baseUrl.heytoken', sim.heytokenBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('images.model', 'nano-banana-pro');
    await setGlobal('videos.model', 'vo3');
    await api.keys.set('helyx', sim.keys.helyxPro);
    await api.keys.set('heytoken', sim.keys.heytoken);
  });

  after(async () => {
    for (const row of await rows()) {
      if (/running/.test(row.contextValue)) await vscode.commands.executeCommand('switchboard.tasks.cancel', { id: row.id });
      await vscode.commands.executeCommand('switchboard.tasks.remove', { id: row.id });
    }
    await restoreSettings();
    await sim.close();
  });

  beforeEach(() => sim.clearFaults());

  it('generates an image with PNG magic bytes into the configured folder, with a sidecar, and opens it', async () => {
    await setGlobal('images.folder', 'art/generated');
    const before = sim.credits(sim.keys.helyxPro);
    const outcome = await vscode.commands.executeCommand<ImageOutcome | undefined>('switchboard.generateImage', { prompt: 'A red fox in the snow' });
    assert.ok(outcome, 'the command returned nothing: it failed or asked for input');
    const file = outcome.files[0]!.fsPath;
    assert.equal(path.dirname(file), path.join(workspaceRoot(), 'art', 'generated'));
    assert.match(path.basename(file), /^a-red-fox-in-the-snow-\d{8}-\d{6}\.png$/);
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_MAGIC);
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.prompt, 'A red fox in the snow');
    assert.equal(sidecar.model, 'nano-banana-pro');
    assert.equal(outcome.credits, 200);
    assert.equal(sim.credits(sim.keys.helyxPro), before - 200);
    assert.equal(api.gateway.credits()?.balance, before - 200, 'the credit counter shows the balance after the image');
    const deadline = Date.now() + 10_000;
    while (!openTabFor(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(openTabFor(file), 'the image was not opened in an editor');
  });

  it('saves into the folder picked in the Explorer', async () => {
    const folder = vscode.Uri.file(path.join(workspaceRoot(), 'src'));
    const outcome = await vscode.commands.executeCommand<ImageOutcome | undefined>('switchboard.generateImage', { prompt: 'Icon for the inventory module', folder, open: false });
    assert.ok(outcome);
    assert.equal(path.dirname(outcome.files[0]!.fsPath), folder.fsPath);
  });

  it('refuses a folder setting that climbs out of the workspace, before paying for an image', async () => {
    await setGlobal('images.folder', '../outside-the-workspace');
    try {
      const requestsBefore = sim.requests.length;
      const outcome = await vscode.commands.executeCommand<ImageOutcome | undefined>('switchboard.generateImage', { prompt: 'should not be made', interactive: false });
      assert.equal(outcome, undefined);
      assert.equal(await exists(path.join(workspaceRoot(), '..', 'outside-the-workspace')), false);
      assert.ok(!sim.requests.slice(requestsBefore).some((r) => r.path.endsWith('/images/generations')), 'the image was requested anyway');
    } finally {
      await setGlobal('images.folder', undefined);
    }
  });

  it('/image in the chat saves the image and keeps it in the transcript by its workspace path, not its bytes', async () => {
    await api.chat.newChat();
    await api.chat.send('/image a lighthouse at dusk');
    const answer = [...api.chat.transcript].reverse().find((m) => m.role === 'assistant');
    assert.ok(answer, 'no answer in the chat');
    assert.equal(answer.status, 'done', JSON.stringify(answer.error));
    const saved = /Saved to `([^`]+)`/.exec(answer.text)?.[1];
    assert.ok(saved, answer.text);
    assert.ok(await exists(path.join(workspaceRoot(), saved)), `${saved} is not in the workspace`);
    const folder = vscode.workspace.workspaceFolders![0]!;
    assert.equal(answer.text.split('\n')[0], `![a lighthouse at dusk](${workspaceImageReference(folder.name, saved)})`);
    assert.ok(!answer.text.includes('data:'), 'the image bytes are in the transcript');
    // The simulator's PNG is ~11 KB: as a data: URL the conversation would be well over 10 KB.
    assert.ok((await stat(path.join(workspaceRoot(), saved))).size > 10_000, 'the test image is too small to tell');
    const conversation = await api.chat.find(api.chat.conversationId);
    assert.ok(conversation && JSON.stringify(conversation).length < 10_000, `the conversation is ${JSON.stringify(conversation).length} characters`);
    assert.equal(answer.cost?.credits, 200);
  });

  it('an image the gateway charged for but could not be downloaded says what it cost, and counts in today\'s spend', async () => {
    sim.injectFault({ path: '/files/', fault: { kind: 'status', status: 404, body: 'gone' } });
    const spentBefore = api.gateway.ledger('helyx').snapshot().todaySpend;
    await api.chat.newChat();
    await api.chat.send('/image a kite over the dunes');
    const answer = [...api.chat.transcript].reverse().find((m) => m.role === 'assistant');
    assert.ok(answer, 'no answer in the chat');
    assert.equal(answer.status, 'error');
    assert.match(answer.error?.explanation ?? '', /404/);
    assert.match(answer.error?.explanation ?? '', /charged 200 credits for it/);
    // Today's spend before may hold fractional per-token charges: compare the sum, not its last bits.
    assert.ok(Math.abs(api.gateway.ledger('helyx').snapshot().todaySpend - spentBefore - 200) < 1e-6, 'the 200 credits charged are not in today\'s spend');
    assert.deepEqual((await readdir(path.join(workspaceRoot(), 'generated', 'images'))).filter((f) => f.startsWith('a-kite')), []);
  });

  it('runs a video task with progress in Generation Tasks until its MP4 lands in the videos folder', async () => {
    const record = await vscode.commands.executeCommand<VideoTaskRecord | undefined>('switchboard.generateVideo', { prompt: 'A paper boat on a rainy street' });
    assert.ok(record, 'the task was not submitted');
    const seen: string[] = [];
    const row = await watchTask(record.id, (r) => r.state === 'done' || r.state === 'failed', seen);
    assert.equal(row.state, 'done', row.error);
    assert.ok(seen.some((d) => /^Generating \d+% · vo3 · \d+:\d\d$/.test(d)), `no progress was shown: ${seen.join(' | ')}`);
    assert.equal(row.contextValue, 'videoTask done');
    assert.equal(path.dirname(row.file!), path.join(workspaceRoot(), 'generated', 'videos'));
    const bytes = await readFile(row.file!);
    assert.equal(bytes.subarray(4, 8).toString('ascii'), 'ftyp', 'not an MP4');
    const leftovers = (await readdir(path.dirname(row.file!))).filter((name) => name.endsWith('.part'));
    assert.deepEqual(leftovers, [], 'a temporary file was left behind');
  });

  it('keeps a task through a restart of the task runner and completes it afterwards', async () => {
    const record = await vscode.commands.executeCommand<VideoTaskRecord | undefined>('switchboard.generateVideo', { prompt: 'Waves over a reef' });
    assert.ok(record);
    await watchTask(record.id, (r) => (r.progress ?? 0) > 0);
    const pollsBefore = sim.requests.filter((r) => r.path.endsWith(record.taskId)).length;
    const resumed = await vscode.commands.executeCommand<string[]>('_switchboard.media.restartTasks');
    assert.deepEqual(resumed, [record.id], 'the restarted runner did not resume the task from the store');
    const row = await watchTask(record.id, (r) => r.state === 'done' || r.state === 'failed');
    assert.equal(row.state, 'done', row.error);
    assert.ok(sim.requests.filter((r) => r.path.endsWith(record.taskId)).length > pollsBefore, 'the task was not polled after the restart');
    assert.equal((await readFile(row.file!)).subarray(4, 8).toString('ascii'), 'ftyp');
  });

  it("shows a failing task's reason from the gateway", async () => {
    const record = await vscode.commands.executeCommand<VideoTaskRecord | undefined>('switchboard.generateVideo', { prompt: 'this one will fail upstream' });
    assert.ok(record);
    const row = await watchTask(record.id, (r) => r.state !== 'queued' && r.state !== 'running' && r.state !== 'downloading');
    assert.equal(row.state, 'failed');
    assert.equal(row.contextValue, 'videoTask failed');
    assert.match(row.error!, /Video generation failed upstream/);
    assert.match(row.description, /^Failed: Video generation failed upstream/);
    assert.equal(row.file, undefined);
  });
});
