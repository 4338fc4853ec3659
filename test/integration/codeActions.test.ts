// Explain, Refactor and Fix in a real VS Code against the gateway simulator: the code actions are
// offered, a proposal opens as a diff, Accept changes the file in one undo step, Reject does not,
// and an edit under the selection while the model answers makes Accept refuse.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../sim/server';
import type { SwitchboardApi } from '../../src/extension';
import type { AcceptResult, ProposalInfo } from '../../src/codeActions/proposals';
import { setGlobal, activateSwitchboard, rememberSettings } from './switchboardSetup';


const CART = [
  'export interface LineItem {',
  '  price: number;',
  '  qty: number;',
  '}',
  '',
  'export function total(items: LineItem[]): number {',
  '  let sum = 0;',
  '  for (let i = 0; i < items.length; i++) {',
  '    sum = sum + items[i].price * items[i].qty;',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

/** Lines 7-10 of CART (0-based 6-9): the loop the refactor tests select. */
const LOOP = new vscode.Range(6, 0, 9, 3);

/** A realistic answer: chatter, the code at column 0 in a fence, more chatter. */
const SIMPLIFIED_ANSWER = [
  'Sure! Here is a simpler version of the loop:',
  '',
  '```typescript',
  'let sum = 0;',
  'for (const item of items) {',
  '  sum += item.price * item.qty;',
  '}',
  '```',
  '',
  'It avoids the index variable and the repeated `items[i]`.',
].join('\n');

/** CART with the loop replaced by the answer, at the loop's indentation. */
const CART_SIMPLIFIED = [
  'export interface LineItem {',
  '  price: number;',
  '  qty: number;',
  '}',
  '',
  'export function total(items: LineItem[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price * item.qty;',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

const GREET = ['export function greet(name: string): string {', "  return 'Hello, ' + name + '!';", '}', ''].join('\n');
const GREET_FIXED = ['export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', ''].join('\n');

function folder(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the tests run with a workspace folder');
  return vscode.Uri.joinPath(root, 'code-actions');
}

/** Writes a fresh file into the test workspace and shows it in an editor. */
async function openFixture(name: string, content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(folder(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function diffTabs(proposalUri: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposalUri);
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function codeActionTitles(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
  return all.filter((a): a is vscode.CodeAction => 'kind' in a && /Switchboard/.test(a.title));
}

function chatRequests(sim: Simulator): Array<{ model: string; messages: Array<{ role: string; content: string }> }> {
  return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).map((r) => r.body as never);
}

describe('Code actions: explain, refactor and fix (real VS Code, simulator over loopback)', function () {
  // The first code-action request waits for TypeScript's own provider to load its server: slow on a busy 2-core machine.
  this.timeout(120_000);
  let sim: Simulator;
  let api: SwitchboardApi;
  let restoreSettings: () => Promise<void>;
  let savedKey: string | undefined;
  const diagnostics = vscode.languages.createDiagnosticCollection('switchboard-test');

  before(async () => {
    sim = await startSimulator();
    api = await activateSwitchboard();
    restoreSettings = rememberSettings(['provider', 'model', 'baseUrl.helyx', 'codeActions.model']);
    savedKey = await api.keys.get('helyx');
    await setGlobal('baseUrl.helyx', sim.helyxBaseUrl);
    await setGlobal('provider', 'helyx');
    await setGlobal('model', 'helyx-3.5');
    await setGlobal('codeActions.model', undefined);
    await api.keys.set('helyx', sim.keys.helyxPro);
    await vscode.workspace.fs.createDirectory(folder());
  });

  after(async () => {
    diagnostics.dispose();
    await restoreSettings();
    if (savedKey) await api.keys.set('helyx', savedKey);
    await sim.close();
  });

  beforeEach(() => sim.clearFaults());

  afterEach(async () => {
    // Leave nothing dirty behind: a dirty editor would ask to be saved when the window closes.
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && doc.uri.path.includes('/code-actions/')) await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers Explain and Refactor on a selection, and nothing without one', async () => {
    const doc = await openFixture('offered.ts', CART);
    const titles = (await codeActionTitles(doc.uri, LOOP)).map((a) => a.title);
    assert.ok(titles.includes('Explain with Switchboard'), `offered: ${titles.join(', ')}`);
    assert.ok(titles.includes('Refactor with Switchboard…'), `offered: ${titles.join(', ')}`);
    assert.ok(!titles.some((t) => t.startsWith('Fix with Switchboard')), 'no fix without a diagnostic');

    const atCursor = await codeActionTitles(doc.uri, new vscode.Range(7, 4, 7, 4));
    assert.deepEqual(atCursor.map((a) => a.title), []);
  });

  it('offers Fix for a diagnostic under the cursor, and Fix → Accept applies the fix', async () => {
    const doc = await openFixture('greet.ts', GREET);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(1, 9, 1, 32), 'Use a template literal instead of string concatenation.', vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'switchboard-test';
    diagnostics.set(doc.uri, [diagnostic]);
    try {
      const actions = await codeActionTitles(doc.uri, new vscode.Range(1, 12, 1, 12));
      const fix = actions.find((a) => a.title.startsWith('Fix with Switchboard'));
      assert.ok(fix?.command, `a Fix action is offered (got: ${actions.map((a) => a.title).join(', ')})`);
      assert.equal(fix.kind?.value, 'quickfix.switchboard');

      sim.scriptReply({ text: "```ts\nexport function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n```\nThe template literal is easier to read." });
      const before = chatRequests(sim).length;
      const proposal = await vscode.commands.executeCommand<ProposalInfo | undefined>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.ok(proposal, 'a proposal opened');
      const sent = chatRequests(sim)[before];
      assert.ok(sent, 'the fix request reached the gateway');
      const prompt = sent.messages.map((m) => m.content).join('\n');
      assert.ok(prompt.includes(diagnostic.message), 'the diagnostic message is sent');
      assert.ok(prompt.includes("return 'Hello, ' + name + '!';"), 'the code around it is sent');

      const result = await vscode.commands.executeCommand<AcceptResult>('switchboard.acceptProposal', proposal.id);
      assert.deepEqual(result, { applied: true });
      assert.equal(doc.getText(), GREET_FIXED);
    } finally {
      diagnostics.delete(doc.uri);
    }
  });

  it('Refactor → Accept replaces the selection at its indentation, and one undo restores the file', async () => {
    const doc = await openFixture('accept.ts', CART);
    sim.scriptReply({ text: SIMPLIFIED_ANSWER });
    const proposal = await vscode.commands.executeCommand<ProposalInfo | undefined>('switchboard.refactorSelection', { uri: doc.uri, range: LOOP, instruction: 'Simplify the loop' });
    assert.ok(proposal, 'a proposal opened');
    assert.equal(proposal.stale, false);

    const request = chatRequests(sim).at(-1);
    assert.equal(request?.model, 'helyx-3.5', 'the chat model is used when switchboard.codeActions.model is empty');
    assert.ok(request?.messages.some((m) => m.content.includes('sum = sum + items[i].price * items[i].qty;') && m.content.includes('Simplify the loop')));

    // The diff is open, its right side is the whole file with the loop replaced, and the file is untouched so far.
    await waitFor(() => diffTabs(proposal.proposalUri).length === 1, 'the diff editor is open');
    const right = await vscode.workspace.openTextDocument(vscode.Uri.parse(proposal.proposalUri));
    assert.equal(right.getText(), CART_SIMPLIFIED);
    assert.equal(doc.getText(), CART);

    const result = await vscode.commands.executeCommand<AcceptResult>('switchboard.acceptProposal', proposal.id);
    assert.deepEqual(result, { applied: true });
    assert.equal(doc.getText(), CART_SIMPLIFIED);
    await waitFor(() => diffTabs(proposal.proposalUri).length === 0, 'the diff editor is closed');

    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the file is back in front');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), CART, 'one undo restores the original');
  });

  it('Reject closes the diff and leaves the file untouched', async () => {
    const doc = await openFixture('reject.ts', CART);
    sim.scriptReply({ text: SIMPLIFIED_ANSWER });
    const proposal = await vscode.commands.executeCommand<ProposalInfo | undefined>('switchboard.refactorSelection', { uri: doc.uri, range: LOOP, instruction: 'Simplify the loop' });
    assert.ok(proposal);
    await waitFor(() => diffTabs(proposal.proposalUri).length === 1, 'the diff editor is open');

    assert.equal(await vscode.commands.executeCommand('switchboard.rejectProposal', proposal.id), true);
    await waitFor(() => diffTabs(proposal.proposalUri).length === 0, 'the diff editor is closed');
    assert.equal(doc.getText(), CART);
    assert.equal(doc.isDirty, false);
    const again = await vscode.commands.executeCommand<AcceptResult>('switchboard.acceptProposal', proposal.id);
    assert.equal(again.applied, false, 'a rejected proposal cannot be accepted afterwards');
    assert.equal(doc.getText(), CART);
  });

  it('refuses to Accept when the selected code was edited while the model was answering', async () => {
    const doc = await openFixture('stale.ts', CART);
    sim.injectFault({ fault: { kind: 'slow', chunkDelayMs: 200 }, path: '/chat/completions' });
    sim.scriptReply({ text: SIMPLIFIED_ANSWER, chunks: 12 });
    const before = chatRequests(sim).length;
    const pending = vscode.commands.executeCommand<ProposalInfo | undefined>('switchboard.refactorSelection', { uri: doc.uri, range: LOOP, instruction: 'Simplify the loop' });

    await waitFor(() => chatRequests(sim).length > before, 'the request reached the gateway');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(8, 0), '    // counted twice on purpose, see #12\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = doc.getText();

    const proposal = await pending;
    assert.ok(proposal, 'the proposal still opens so the answer can be read');
    const result = await vscode.commands.executeCommand<AcceptResult>('switchboard.acceptProposal', proposal.id);
    assert.equal(result.applied, false);
    assert.match(result.applied ? '' : result.reason, /edited/);
    assert.equal(doc.getText(), edited, "the user's edit is kept and nothing is overwritten");
    await vscode.commands.executeCommand('switchboard.rejectProposal', proposal.id);
  });

  it('follows edits above the selection made while the diff is open, and uses switchboard.codeActions.model', async () => {
    await setGlobal('codeActions.model', 'kimi-k2.6');
    try {
      const doc = await openFixture('moved.ts', CART);
      sim.scriptReply({ text: SIMPLIFIED_ANSWER });
      const proposal = await vscode.commands.executeCommand<ProposalInfo | undefined>('switchboard.refactorSelection', { uri: doc.uri, range: LOOP, instruction: 'Simplify the loop' });
      assert.ok(proposal);
      assert.equal(chatRequests(sim).at(-1)?.model, 'kimi-k2.6');

      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '// Cart arithmetic.\n\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const result = await vscode.commands.executeCommand<AcceptResult>('switchboard.acceptProposal', proposal.id);
      assert.deepEqual(result, { applied: true });
      assert.equal(doc.getText(), `// Cart arithmetic.\n\n${CART_SIMPLIFIED}`);
    } finally {
      await setGlobal('codeActions.model', undefined);
    }
  });

  it('Explain puts the selection and the explanation in the chat transcript', async () => {
    const doc = await openFixture('explain.ts', CART);
    const explanation = '`total` multiplies each line item’s price by its quantity and adds the results; an empty list gives 0.';
    sim.scriptReply({ text: explanation });
    await vscode.commands.executeCommand('switchboard.explainSelection', { uri: doc.uri, range: new vscode.Range(5, 0, 11, 1) });
    await api.chat.idle();

    const transcript = api.chat.transcript;
    const answer = transcript.at(-1);
    const question = transcript.at(-2);
    assert.equal(answer?.role, 'assistant');
    assert.equal(answer?.status, 'done');
    assert.equal(answer?.text, explanation);
    assert.equal(question?.role, 'user');
    assert.match(question?.text ?? '', /^Explain/);
    assert.deepEqual(
      question?.context?.map((c) => ({ label: c.label, language: c.language, startLine: c.startLine, endLine: c.endLine })),
      [{ label: 'explain.ts:6-12', language: 'typescript', startLine: 6, endLine: 12 }],
    );
    const sent = chatRequests(sim).at(-1)?.messages.at(-1)?.content ?? '';
    assert.ok(sent.includes('export function total(items: LineItem[]): number {'), 'the selected code is sent with the question');
  });
});
