// Switchboard's tools for any agent, invoked the way another extension or VS Code's agent does,
// through vscode.lm.invokeTool in a real VS Code, against a simulator started in this extension host.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../sim/server';
import type { SwitchboardApi } from '../../src/extension';
import { setGlobal, activateSwitchboard, rememberSettings } from './switchboardSetup';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function invoke(name: string, input: object): Promise<Record<string, unknown>> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
  const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('Switchboard tools for any agent (vscode.lm.invokeTool in real VS Code, simulator over loopback)', () => {
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;
  const settings = ['provider', 'baseUrl.helyx', 'images.folder', 'images.model', 'videos.model', 'tools.confirmAboveCredits'];
  const root = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  before(async () => {
    sim = await startSimulator({ videoSteps: 3 });
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(settings);
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('images.model', 'nano-banana-pro');
    await setGlobal('images.folder', 'agent/images');
    await setGlobal('videos.model', 'vo3');
    // Outside a chat VS Code asks through a modal dialog this suite cannot click; the confirmation
    // text is covered by the unit tests of toolText.ts.
    await setGlobal('tools.confirmAboveCredits', 1_000_000);
    await api.keys.set('helyx', sim.keys.helyxPro);
  });

  after(async () => {
    await restoreSettings();
    await sim.close();
  });

  it('contributes the three tools with their #references', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('switchboard_')).map((t) => t.name).sort();
    assert.deepEqual(ours, ['switchboard_generateImage', 'switchboard_generateVideo', 'switchboard_getCredits']);
    const image = vscode.lm.tools.find((t) => t.name === 'switchboard_generateImage');
    assert.deepEqual((image?.inputSchema as { required?: string[] }).required, ['prompt']);
  });

  it('switchboard_generateImage saves a PNG in the workspace and returns its workspace-relative path', async () => {
    const before = sim.credits(sim.keys.helyxPro);
    const answer = await invoke('switchboard_generateImage', { prompt: 'A lighthouse for the README' });
    assert.equal(typeof answer.path, 'string');
    assert.match(answer.path as string, /^agent\/images\/a-lighthouse-for-the-readme-\d{8}-\d{6}\.png$/);
    const bytes = await readFile(path.join(root(), answer.path as string));
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_MAGIC);
    assert.equal(answer.model, 'nano-banana-pro');
    assert.equal(answer.credits, 200);
    assert.equal(sim.credits(sim.keys.helyxPro), before - 200);
  });

  it('switchboard_getCredits returns the balance the simulator holds, spend today and the time to reset', async () => {
    const answer = await invoke('switchboard_getCredits', {});
    assert.equal(answer.provider, 'HelyxAI');
    assert.equal(answer.balance, sim.credits(sim.keys.helyxPro));
    assert.ok((answer.spentToday as number) >= 200);
    assert.match(String(answer.timeToReset), /^(\d+ h )?\d+ min$/);
  });

  it('switchboard_generateVideo returns a task id at once; the task shows in Generation Tasks', async () => {
    const answer = await invoke('switchboard_generateVideo', { prompt: 'A paper boat on a rainy street' });
    assert.equal(typeof answer.taskId, 'string');
    assert.match(String(answer.file), /\.mp4$/);
    const rows = (await vscode.commands.executeCommand<{ id: string }[]>('_switchboard.media.tasks')) ?? [];
    assert.ok(rows.some((r) => r.id === answer.taskId), 'the task is not in Generation Tasks');
    await vscode.commands.executeCommand('switchboard.tasks.cancel', { id: answer.taskId });
    await vscode.commands.executeCommand('switchboard.tasks.remove', { id: answer.taskId });
  });

  it('a call without a prompt is refused with a reason the agent can read, and costs nothing', async () => {
    const before = sim.requests.length;
    await assert.rejects(() => invoke('switchboard_generateImage', { size: '512x512' }), /"prompt" is required/);
    assert.equal(sim.requests.length, before);
  });
});
