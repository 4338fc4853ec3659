// Agent mode end to end in a real VS Code against the simulator, driven the way the chat webview
// drives it (messages posted to the host, host messages watched): the rename task, a denied edit,
// the budget gate, Restore Checkpoint after the conversation is reloaded, Stop killing a command,
// a path outside the workspace, and a model the gateway refuses tools for.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../src/extension';
import type { AgentTaskView, ChatMessageView, HostToWebview, ToolCardView } from '../../src/shared/protocol';
import { startSimulator, type Simulator } from '../sim/server';
import { activateSwitchboard, rememberSettings, setGlobal } from './switchboardSetup';

const DIR = 'agent-task';
const FILES: Record<string, string> = {
  'src/total.ts': 'export function calcTotal(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n',
  'src/cart.ts': "import { calcTotal } from './total';\nexport const cartTotal = (prices: number[]) => calcTotal(prices);\n",
  'src/report.ts': "import { calcTotal } from './total';\nexport const line = (xs: number[]) => `Total: ${calcTotal(xs)}`;\n",
  'check.js': "const fs = require('fs');\nconst bad = ['total', 'cart', 'report'].filter((f) => fs.readFileSync(`src/${f}.ts`, 'utf8').includes('calcTotal'));\nconsole.log(bad.length ? `check failed: ${bad.join(', ')}` : 'check ok: computeTotal everywhere');\nprocess.exit(bad.length ? 1 : 0);\n",
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Agent mode (real VS Code, simulator over loopback, driven like the chat webview)', () => {
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;
  let root: string;
  let seen: HostToWebview[] = [];
  let watch: vscode.Disposable;
  let answer: (card: ToolCardView) => boolean | undefined = () => undefined;
  let n = 0;
  const file = (rel: string): string => path.join(root, DIR, rel);
  const marker = (): string => `agent-test-${++n}-${Date.now()}`;
  const post = (message: unknown): Promise<void> => api.chatWebview.post(message);
  const lastTask = (): AgentTaskView | undefined => [...seen].reverse().find((m): m is Extract<HostToWebview, { type: 'task' }> => m.type === 'task')?.task;
  const chatRequests = (text: string): number => sim.requests.filter((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes(text)).length;

  before(async () => {
    sim = await startSimulator();
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(['baseUrl.helyx', 'provider', 'model', 'maxTokens', 'agent.autoApprove', 'agent.allowedCommands', 'agent.budgetCredits', 'agent.externalTools']);
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('model', 'helyx-3.5');
    await setGlobal('agent.budgetCredits', 100_000);
    await api.keys.set('helyx', sim.keys.helyxPro);
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    watch = api.chatWebview.onMessage((m) => {
      seen.push(m);
      if (m.type === 'toolCard' && m.card.state === 'awaitingApproval') {
        const approved = answer(m.card);
        if (approved !== undefined) void post({ type: 'approveTool', callId: m.card.id, approved });
      }
    });
    await post({ type: 'setMode', mode: 'agent' });
  });

  beforeEach(async () => {
    seen = [];
    answer = () => undefined;
    await rm(path.join(root, DIR), { recursive: true, force: true });
    for (const [rel, text] of Object.entries(FILES)) {
      await mkdir(path.dirname(file(rel)), { recursive: true });
      await writeFile(file(rel), text);
    }
    // A fresh conversation each time: earlier requests' markers must not be in this task's history.
    await api.chat.newChat();
  });

  afterEach(function () {
    // What the host told the UI, for a failure's report.
    if (this.currentTest?.state !== 'failed') return;
    const line = (m: HostToWebview): string => (m.type === 'toolCard' ? `toolCard ${m.card.tool} ${m.card.state} ${m.card.result?.slice(0, 120) ?? ''}` : m.type === 'task' ? `task ${JSON.stringify(m.task)}` : m.type);
    console.log(seen.filter((m) => m.type !== 'messageDelta').map(line).join('\n'));
  });

  after(async () => {
    await post({ type: 'setMode', mode: 'ask' });
    watch.dispose();
    await api.chat.newChat();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rm(path.join(root, DIR), { recursive: true, force: true });
    await restoreSettings();
    await sim.close();
  });

  it('tells the state its mode and budget, and remembers the mode', async () => {
    const state = await api.chat.state();
    assert.equal(state.agent?.mode, 'agent');
    assert.equal(state.agent?.defaultBudget, 100_000);
    assert.equal(state.agent?.maxSteps, 25);
  });

  it('renames calcTotal to computeTotal and runs the check: search, three parallel reads, three edits, an approved command, an answer; Restore Checkpoint after a reload puts every file back', async function () {
    this.timeout(240_000);
    await setGlobal('agent.autoApprove', ['read', 'edit']);
    const id = marker();
    const names = ['total', 'cart', 'report'];
    sim.scriptReply({ marker: id, text: 'Looking for it.', toolCalls: [{ id: `${id}-s`, name: 'search_text', arguments: { query: 'calcTotal', include: `${DIR}/**` } }] });
    sim.scriptReply({ marker: id, text: '', toolCallStyle: 'interleaved', toolCalls: names.map((f) => ({ id: `${id}-r-${f}`, name: 'read_file', arguments: { path: `${DIR}/src/${f}.ts` } })) });
    sim.scriptReply({
      marker: id,
      text: '',
      toolCalls: [
        { id: `${id}-e-total`, name: 'edit_file', arguments: { path: `${DIR}/src/total.ts`, edits: [{ oldText: 'function calcTotal(', newText: 'function computeTotal(' }] } },
        { id: `${id}-e-cart`, name: 'edit_file', arguments: { path: `${DIR}/src/cart.ts`, edits: [{ oldText: 'import { calcTotal }', newText: 'import { computeTotal }' }, { oldText: '=> calcTotal(', newText: '=> computeTotal(' }] } },
        { id: `${id}-e-report`, name: 'edit_file', arguments: { path: `${DIR}/src/report.ts`, edits: [{ oldText: 'import { calcTotal }', newText: 'import { computeTotal }' }, { oldText: '${calcTotal(', newText: '${computeTotal(' }] } },
        { id: `${id}-c-notes`, name: 'create_file', arguments: { path: `${DIR}/NOTES.md`, content: 'Renamed calcTotal.\n' } },
      ],
    });
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: `${id}-cmd`, name: 'run_command', arguments: { command: 'node check.js', cwd: DIR } }] });
    sim.scriptReply({ marker: id, text: 'Renamed `calcTotal` to `computeTotal` in three files; the check passes.' });
    const asked: string[] = [];
    answer = (card) => (asked.push(card.id), true);
    const before = sim.credits(sim.keys.helyxPro);
    const resultsBefore = sim.toolResults.length;

    await post({ type: 'send', text: `Rename calcTotal to computeTotal and run the check. ${id}`, reasoning: false });

    const task = lastTask();
    assert.ok(task);
    assert.equal(task.status, 'done', task.reason);
    assert.equal(task.step, 5);
    assert.deepEqual(asked, [`${id}-cmd`], 'only the command waited for approval');
    for (const f of names) {
      const text = await readFile(file(`src/${f}.ts`), 'utf8');
      assert.ok(text.includes('computeTotal') && !text.includes('calcTotal'), `${f}.ts: ${text}`);
    }
    assert.equal(await readFile(file('NOTES.md'), 'utf8'), 'Renamed calcTotal.\n');
    const results = sim.toolResults.slice(resultsBefore);
    const command = results.find((r) => r.toolCallId === `${id}-cmd`);
    assert.match(String(command?.content), /check ok: computeTotal everywhere\n\[exit code 0\]$/);
    assert.match(String(results.find((r) => r.toolCallId === `${id}-s`)?.content), /agent-task\/src\/cart\.ts:1: import \{ calcTotal \}/);
    const charged = Math.round((before - sim.credits(sim.keys.helyxPro)) * 100) / 100;
    assert.equal(task.spent, charged, 'the task total is what the simulator charged');
    assert.equal(task.spentEstimated, false);
    assert.equal(task.checkpoint, 'available');
    const steps = api.chat.transcript.filter((m) => m.taskId === task.id && m.role === 'assistant');
    assert.equal(steps.length, 5);
    assert.equal(Math.round(steps.reduce((sum, m) => sum + (m.cost?.credits ?? 0), 0) * 100) / 100, charged, 'each step carries its cost');
    assert.deepEqual(steps[1]?.toolCalls?.map((c) => `${c.tool} ${c.summary} ${c.state}`), names.map((f) => `read_file ${DIR}/src/${f}.ts done`));

    // As after a reload: the conversation comes back from disk, its task and cards with it.
    const conversationId = api.chat.conversationId;
    await api.chat.newChat();
    await api.chat.switchTo(conversationId);
    const state = await api.chat.state();
    const restored = state.tasks?.find((t) => t.id === task.id);
    assert.equal(restored?.status, 'done');
    assert.equal(state.messages.filter((m) => m.taskId === task.id).flatMap((m) => m.toolCalls ?? []).length, 9);

    await post({ type: 'restoreCheckpoint', taskId: task.id });
    for (const [rel, text] of Object.entries(FILES)) assert.equal(await readFile(file(rel), 'utf8'), text, rel);
    assert.equal(existsSync(file('NOTES.md')), false, 'the created file is gone');
    assert.equal(lastTask()?.checkpoint, 'restored');
    assert.equal((await api.chat.state()).tasks?.find((t) => t.id === task.id)?.checkpoint, 'restored');
  });

  it('a denied edit leaves the file untouched and the task goes on; Open Diff shows the proposal without writing it', async () => {
    await setGlobal('agent.autoApprove', ['read']);
    const id = marker();
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: `${id}-e`, name: 'edit_file', arguments: { path: `${DIR}/src/total.ts`, edits: [{ oldText: 'calcTotal', newText: 'computeTotal' }] } }] });
    sim.scriptReply({ marker: id, text: 'Understood, I left total.ts as it is.' });
    let diffOpened = false;
    let proposedText = '';
    let diskWhileWaiting = '';
    answer = (card) => {
      void (async () => {
        try {
          await post({ type: 'openToolDiff', callId: card.id });
          let modified: vscode.Uri | undefined;
          await until(() => {
            const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'switchboard-agent-proposal');
            modified = (tab?.input as vscode.TabInputTextDiff | undefined)?.modified;
            return !!modified;
          }, 'the diff editor', 20_000);
          diffOpened = true;
          proposedText = (await vscode.workspace.openTextDocument(modified!)).getText();
          diskWhileWaiting = await readFile(file('src/total.ts'), 'utf8');
        } finally {
          await post({ type: 'approveTool', callId: card.id, approved: false });
        }
      })();
      return undefined;
    };
    const seenBefore = sim.toolResults.length;
    await post({ type: 'send', text: `Rename it in total.ts. ${id}`, reasoning: false });
    assert.equal(diffOpened, true, 'the diff editor showed the proposal');
    assert.equal(proposedText, FILES['src/total.ts']!.replace('calcTotal', 'computeTotal'));
    assert.equal(diskWhileWaiting, FILES['src/total.ts'], 'nothing written before Approve');
    assert.equal(await readFile(file('src/total.ts'), 'utf8'), FILES['src/total.ts']);
    const task = lastTask();
    assert.equal(task?.status, 'done');
    assert.equal(task?.step, 2, 'the task went on after the denial');
    assert.equal(task?.checkpoint, 'none');
    assert.equal(sim.toolResults.slice(seenBefore).find((r) => r.toolCallId === `${id}-e`)?.content, `The user denied this change to ${DIR}/src/total.ts; it was not made.`);
    const card = seen.filter((m): m is Extract<HostToWebview, { type: 'toolCard' }> => m.type === 'toolCard' && m.card.id === `${id}-e`).at(-1)?.card;
    assert.equal(card?.state, 'denied');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('with a budget below the task’s cost, the request that would cross it never reaches the simulator, and the task says so', async () => {
    await setGlobal('maxTokens', 200);
    const id = marker();
    // Read tools bound lines, not their count below 400: 390 lines make the next request large.
    await writeFile(file('big.txt'), 'lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n'.repeat(390));
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ name: 'read_file', arguments: { path: `${DIR}/big.txt` } }] });
    sim.scriptReply({ marker: id, text: 'It is long.' });
    const sending = post({ type: 'send', text: `Read big.txt. ${id}`, reasoning: false, budget: 100 });
    await until(() => lastTask()?.status === 'paused', 'the task to pause at its budget');
    const paused = lastTask()!;
    assert.equal(paused.step, 1);
    assert.equal(chatRequests(id), 1, 'the second request was never sent');
    assert.match(paused.reason ?? '', new RegExp(`^Budget reached: spent ${paused.spent.toString().replace('.', '\\.')} of 100 credits`));
    await post({ type: 'stop' });
    await sending;
    assert.equal(lastTask()?.status, 'stopped');
    assert.equal(chatRequests(id), 1);
    await setGlobal('maxTokens', undefined);
  });

  it('Stop during a long-running command kills its process and ends the task', async () => {
    await setGlobal('agent.autoApprove', ['read', 'command']);
    const id = marker();
    const pidFile = file('pid.txt');
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: `${id}-cmd`, name: 'run_command', arguments: { command: `node -e "require('fs').writeFileSync('pid.txt', String(process.pid)); setInterval(() => {}, 1000)"`, cwd: DIR } }] });
    sim.scriptReply({ marker: id, text: 'never asked' });
    const sending = post({ type: 'send', text: `Run the watcher. ${id}`, reasoning: false });
    await until(() => existsSync(pidFile), 'the command to start');
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.ok(alive(pid));
    await post({ type: 'stop' });
    await sending;
    await until(() => !alive(pid), 'the command process to end', 10_000);
    const task = lastTask();
    assert.equal(task?.status, 'stopped');
    assert.equal(chatRequests(id), 1, 'nothing was sent after the stop');
    assert.equal(api.chat.busy, false);
  });

  it('refuses a path outside the workspace as a tool error the model reads', async () => {
    await setGlobal('agent.autoApprove', ['read']);
    const id = marker();
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: `${id}-r`, name: 'read_file', arguments: { path: '../outside.txt' } }] });
    sim.scriptReply({ marker: id, text: 'I cannot read that.' });
    const seenBefore = sim.toolResults.length;
    await post({ type: 'send', text: `Read ../outside.txt. ${id}`, reasoning: false });
    assert.match(String(sim.toolResults.slice(seenBefore).find((r) => r.toolCallId === `${id}-r`)?.content), /refused/);
    assert.equal(lastTask()?.status, 'done');
  });

  it('a model that claims tools but the gateway refuses them: the task ends with the one-line notice, nothing billed, the model remembered; the next task is not sent, and Use Ask answers', async function () {
    this.timeout(120_000);
    const model = 'perplexity-sonar';
    const book = api.capabilities.book;
    const canCallTools = (): boolean => api.capabilities.capabilitiesFor('helyx', model, undefined).toolCalling;
    book.forget('helyx', model);
    assert.equal(canCallTools(), true, 'the catalogue says it calls tools');
    await post({ type: 'pickModel', modelId: model });
    await until(async () => (await api.chat.state()).modelId === model, 'the model to be picked');
    const noticeText = `${model} cannot call tools (HelyxAI refused tools for ${model}: "${model} does not support tools."), so Agent mode cannot use it: switch model, or use Ask.`;
    const errorsOf = (): NonNullable<ChatMessageView['error']>[] => seen.flatMap((m) => (m.type === 'messageUpdated' && m.error ? [m.error] : m.type === 'messageAdded' && m.message.error ? [m.message.error] : []));
    try {
      const id = marker();
      const before = sim.credits(sim.keys.helyxPro);
      await post({ type: 'send', text: `Look around the project. ${id}`, reasoning: false });
      assert.equal(chatRequests(id), 1, 'the one request went out, with tools');
      const refused = sim.requests.find((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes(id));
      assert.ok((refused?.body as { tools?: unknown[] }).tools?.length, 'it carried tools');
      const task = lastTask();
      assert.equal(task?.status, 'failed');
      assert.equal(task?.reason, `${model} cannot call tools.`);
      assert.equal(task?.spent, 0, 'the refused request cost nothing');
      assert.equal(sim.credits(sim.keys.helyxPro), before, 'nothing billed');
      const notice = errorsOf().at(-1);
      assert.deepEqual(notice, { kind: 'agent-no-tools', explanation: noticeText, action: 'pick-model', agentFallback: true });
      assert.deepEqual((await api.chat.state()).messages.at(-1)?.error, notice, 'the notice is what the conversation keeps');
      assert.equal(canCallTools(), false, 'remembered as not tool-capable');

      seen = [];
      const again = marker();
      await post({ type: 'send', text: `Try again. ${again}`, reasoning: false });
      assert.equal(chatRequests(again), 0, 'the next task shows the notice before sending anything');
      assert.deepEqual(errorsOf(), [notice]);
      assert.equal(lastTask(), undefined, 'no task started');

      // Use Ask, as the notice's button does: the same model answers without tools.
      await post({ type: 'setMode', mode: 'ask' });
      const ask = marker();
      sim.scriptReply({ marker: ask, text: 'Here is what the project holds.' });
      await post({ type: 'send', text: `What is in the project? ${ask}`, reasoning: false });
      await until(async () => (await api.chat.state()).messages.at(-1)?.text === 'Here is what the project holds.', 'the Ask answer');
      const asked = sim.requests.find((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes(ask));
      assert.equal((asked?.body as { tools?: unknown }).tools, undefined, 'Ask sends no tools');
    } finally {
      book.forget('helyx', model);
      await post({ type: 'setMode', mode: 'agent' });
      await post({ type: 'pickModel', modelId: 'helyx-3.5' });
      await until(async () => (await api.chat.state()).modelId === 'helyx-3.5', 'the model to be picked back');
    }
  });

  it("offers another extension's tool when switchboard.agent.externalTools is on, runs it once approved, and its result reaches the model", async () => {
    const offered = (id: string): string[] => {
      const first = sim.requests.find((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes(id));
      const tools = (first?.body as { tools?: { function: { name: string } }[] } | undefined)?.tools ?? [];
      return tools.map((t) => t.function.name);
    };

    await setGlobal('agent.externalTools', false);
    const off = marker();
    sim.scriptReply({ marker: off, text: 'Nothing to do.' });
    await post({ type: 'send', text: `Say hello. ${off}`, reasoning: false });
    assert.ok(!offered(off).includes('fixture_countWords'), `not offered while off: ${offered(off).join(', ')}`);
    assert.ok(offered(off).includes('switchboard_getCredits'), `Switchboard's own tools are: ${offered(off).join(', ')}`);

    await setGlobal('agent.externalTools', true);
    await api.chat.newChat();
    const id = marker();
    answer = (card) => (card.tool === 'fixture_countWords' ? true : undefined);
    sim.scriptReply({ marker: id, text: '', toolCalls: [{ id: `${id}-w`, name: 'fixture_countWords', arguments: { text: 'one two three' } }] });
    sim.scriptReply({ marker: id, text: 'Three words.' });
    const seenBefore = sim.toolResults.length;
    await post({ type: 'send', text: `Count the words. ${id}`, reasoning: false });
    assert.ok(offered(id).includes('fixture_countWords'), `offered while on: ${offered(id).join(', ')}`);
    const result = sim.toolResults.slice(seenBefore).find((r) => r.toolCallId === `${id}-w`);
    assert.equal(result?.content, 'fixture_countWords: 3 words');
    const card = seen.filter((m): m is Extract<HostToWebview, { type: 'toolCard' }> => m.type === 'toolCard' && m.card.id === `${id}-w`).at(-1)?.card;
    assert.equal(card?.state, 'done');
    assert.equal(lastTask()?.status, 'done');
  });
});
