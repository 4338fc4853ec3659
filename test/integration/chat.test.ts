import * as assert from 'node:assert/strict';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../sim/server';
import type { SwitchboardApi } from '../../src/extension';
import { setGlobal, activateSwitchboard, rememberSettings } from './switchboardSetup';


function lastAssistant(api: SwitchboardApi) {
  const message = [...api.chat.transcript].reverse().find((m) => m.role === 'assistant');
  assert.ok(message, 'an assistant message exists');
  return message;
}

describe('Chat through the extension (real VS Code, simulator over loopback)', () => {
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;

  before(async () => {
    sim = await startSimulator();
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(['provider', 'model', 'baseUrl.helyx', 'baseUrl.heytoken']);
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('baseUrl.heytoken', sim.heytokenBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('model', 'helyx-3.5');
    await api.keys.set('helyx', sim.keys.helyxPro);
    await api.keys.set('heytoken', sim.keys.heytoken);
  });

  after(async () => {
    await restoreSettings();
    await sim.close();
  });

  beforeEach(async () => {
    sim.clearFaults();
    await api.chat.newChat();
  });

  it('keeps a key in SecretStorage and nowhere in settings', async () => {
    await api.keys.set('custom', 'sk-custom-roundtrip-123456');
    assert.equal(await api.keys.get('custom'), 'sk-custom-roundtrip-123456');
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('switchboard'));
    assert.ok(!settingsText.includes('sk-custom-roundtrip-123456'), 'the key is not in any setting');
    await api.keys.remove('custom');
    assert.equal(await api.keys.get('custom'), undefined);
  });

  it('sends a chat request through the extension to the simulator and shows its answer and balance', async () => {
    await api.chat.send('Explain closures in one line');
    const answer = lastAssistant(api);
    assert.equal(answer.status, 'done');
    assert.match(answer.text, /Explain closures in one line/, 'the simulator answer quotes the question');
    const request = sim.requests.at(-1)!;
    assert.equal(request.path, '/api/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${sim.keys.helyxPro}`);
    const credits = api.gateway.credits();
    assert.equal(credits?.balance, sim.credits(sim.keys.helyxPro), 'the counter shows the balance the gateway reported');
    assert.ok(answer.cost && answer.cost.credits > 0 && !answer.cost.estimated, 'the reply shows what the gateway charged');
  });

  it('switching provider changes the base URL used', async () => {
    await setGlobal('provider', 'heytoken');
    await setGlobal('model', 'gpt-4o-mini');
    try {
      await api.chat.send('Hello HeyToken');
      assert.equal(lastAssistant(api).status, 'done');
      const request = sim.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!;
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, `Bearer ${sim.keys.heytoken}`);
      assert.equal(api.gateway.credits()?.estimated, true, 'HeyToken reports no balance: spend is labelled an estimate');
    } finally {
      await setGlobal('provider', 'helyx');
      await setGlobal('model', 'helyx-3.5');
    }
  });

  it('a reset connection keeps the partial text and offers Retry, which then succeeds', async () => {
    sim.injectFault({ fault: { kind: 'reset-mid-stream', afterChunks: 3 }, path: '/chat/completions' });
    await api.chat.send('Tell me a long story');
    const broken = lastAssistant(api);
    assert.equal(broken.status, 'error');
    assert.ok(broken.text.length > 0, 'the partial answer is kept');
    assert.equal(broken.error?.action, 'retry');
    await api.chat.retry();
    const retried = lastAssistant(api);
    assert.equal(retried.status, 'done');
    assert.match(retried.text, /Tell me a long story/);
  });

  it('out of credits (402) shows the gateway message and the action that helps', async () => {
    await api.keys.set('helyx', sim.keys.helyxEmpty);
    try {
      await api.chat.send('Anything');
      const failed = lastAssistant(api);
      assert.equal(failed.status, 'error');
      assert.equal(failed.error?.kind, 'insufficient-credits');
      assert.match(`${failed.error?.explanation} ${failed.error?.gatewayMessage ?? ''}`, /credits/i);
      assert.equal(failed.error?.action, 'wait-or-top-up');
    } finally {
      await api.keys.set('helyx', sim.keys.helyxPro);
    }
  });

  it('a workspace settings file cannot redirect the key to another server', async () => {
    const seen: string[] = [];
    const evil: Server = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/api/v1`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the tests run with a workspace folder');
    const settingsDir = path.join(folder, '.vscode');
    try {
      await mkdir(settingsDir, { recursive: true });
      const changed = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidChangeConfiguration(() => {
          sub.dispose();
          resolve();
        });
        setTimeout(resolve, 5000);
      });
      await writeFile(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'switchboard.baseUrl.helyx': evilUrl }));
      await changed;
      await api.chat.send('Where does my key go?');
      assert.equal(lastAssistant(api).status, 'done');
      assert.deepEqual(seen, [], 'the workspace-supplied server received nothing');
    } finally {
      await rm(settingsDir, { recursive: true, force: true });
      await new Promise((resolve) => evil.close(resolve));
    }
  });

  it('Stop keeps the partial answer, marked as stopped', async () => {
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 150 }, path: '/chat/completions' });
    const sending = api.chat.send('Stream slowly please');
    const start = Date.now();
    while (!lastAssistantText(api) && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 50));
    api.chat.stop();
    await sending;
    const stopped = lastAssistant(api);
    assert.equal(stopped.status, 'stopped');
    assert.ok(stopped.text.length > 0, 'the partial text stays');
  });
});

function lastAssistantText(api: SwitchboardApi): string {
  return [...api.chat.transcript].reverse().find((m) => m.role === 'assistant')?.text ?? '';
}
