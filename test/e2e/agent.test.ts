// Agent mode end to end (issue 13): the packaged extension in a real VS Code (code-server) in
// headless Chromium, the model played by the gateway simulator in this process. The chat is driven
// only by role and name: Mode, Budget, Start Task, the tool cards' Approve and Deny, the task's status.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { eventually } from '../support/eventually';
import {
  BILLING_FILES, CHECK_COMMAND, FINAL_ANSWER, pickMode, RENAME_REQUEST, scriptRenameTask, startTask, toolCard, totalIn, WAIT_MS, writeBillingFiles,
} from './agentTask';
import { openWorkbench, type Workbench } from './fixture';

describe('Agent mode in the real editor', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({
      // Reads and edits run on their own; the command waits for Approve on its card.
      settings: { 'switchboard.agent.autoApprove': ['read', 'edit'] },
    });
    await writeBillingFiles(workbench.workspace);
    await openChat(workbench);
    await pickMode(chat(), 'Agent');
  });

  after(async function () {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`agent-${this.currentTest.title}`);
  });

  const chat = (): FrameLocator => workbench.chatFrame();
  const key = (): string => workbench.sim.keys.helyxPro;
  const chatRequests = (): number => workbench.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).length;

  /** The summary of the task that ended last, once it is there. */
  async function finishedTotal(): Promise<number> {
    const summary = chat().getByRole('group', { name: /^Task total/ }).last();
    await summary.waitFor({ timeout: WAIT_MS });
    return totalIn((await summary.getAttribute('aria-label')) ?? '');
  }

  it('renames calcTotal in three files: search, three parallel reads, three edits, the check approved on its card, the answer', async function () {
    const { sim } = workbench;
    const creditsBefore = sim.credits(key());
    const requestsBefore = chatRequests();
    scriptRenameTask(sim);

    await startTask(chat(), RENAME_REQUEST, 5000);

    // The command waits for approval, its line shown on its card; Approve runs it.
    const check = toolCard(chat(), `run_command ${CHECK_COMMAND}`);
    await check.waitFor({ timeout: WAIT_MS });
    await eventually(async () => assert.match((await check.getAttribute('aria-label')) ?? '', /Waiting for approval$/), WAIT_MS);
    assert.match(await check.innerText(), new RegExp(CHECK_COMMAND));
    // While it runs the budget status shows spend and step.
    assert.match((await chat().getByRole('status', { name: /^Budget/ }).getAttribute('aria-label')) ?? '', /^Budget: spent [\d.,]+ of 5,000 credits · step 4 of \d+$/);
    await check.getByRole('button', { name: 'Approve', exact: true }).click();

    const total = await finishedTotal();
    // The answer, as markdown (the code spans lose their backticks).
    await chat().getByRole('article', { name: /^Switchboard/ }).filter({ hasText: FINAL_ANSWER.replace(/`/g, '') }).waitFor({ timeout: WAIT_MS });

    // Every step's card, by name and state.
    for (const name of ['search_text calcTotal', ...Object.keys(BILLING_FILES).flatMap((f) => [`read_file ${f}`, `edit_file ${f}`]), `run_command ${CHECK_COMMAND}`]) {
      assert.match((await toolCard(chat(), name).getAttribute('aria-label')) ?? '', /Done$/, `${name} is not done`);
    }
    // The files changed on disk.
    for (const [file, { after }] of Object.entries(BILLING_FILES)) {
      assert.equal(await readFile(path.join(workbench.workspace, file), 'utf8'), after, `${file} on disk`);
    }
    // The model got the reads and the command's output back (each later request carries them again).
    const results = [...new Map(sim.toolResults.map((r) => [r.toolCallId, r])).values()];
    const reads = results.filter((r) => r.name === 'read_file').map((r) => String(r.content));
    assert.equal(reads.length, 3);
    assert.ok(reads.some((r) => r.includes('export function calcTotal(')), 'read_file did not return total.ts');
    const output = String(results.find((r) => r.name === 'run_command')?.content ?? '');
    for (const file of Object.keys(BILLING_FILES)) assert.ok(output.includes(`${file}:`), `the command's output lacks ${file}: ${output}`);
    assert.match(output, /exit code 0/);
    assert.equal(chatRequests() - requestsBefore, 5, 'five steps, five requests');
    // The total shown is what the gateway charged, request by request (each rounded to 0.01).
    const charged = creditsBefore - sim.credits(key());
    assert.ok(Math.abs(total - charged) <= 0.011, `the task total ${total} is not the ${charged} credits the simulator charged`);
  });

  it('with a budget below the next step, the request is not sent and the status says so; Raise Budget goes on', async function () {
    const { sim } = workbench;
    const request = 'summarize the billing folder in one line';
    sim.scriptReply({ marker: request, text: 'The billing folder sums prices and formats an invoice line.' });
    const requestsBefore = chatRequests();
    const creditsBefore = sim.credits(key());

    await startTask(chat(), request, 1);
    const status = chat().getByRole('status', { name: /^Budget/ });
    await eventually(async () => assert.match((await status.getAttribute('aria-label')) ?? '', /Budget reached: spent 0 of 1 credits/), WAIT_MS);
    assert.match(await status.innerText(), /Budget reached: spent 0 of 1 credits/);
    assert.equal(chatRequests(), requestsBefore, 'the request that would cross the budget reached the gateway');

    await chat().getByRole('spinbutton', { name: /^New budget/ }).fill('5000');
    await chat().getByRole('button', { name: 'Raise Budget', exact: true }).click();
    const total = await eventually(async () => {
      const names = await chat().getByRole('group', { name: /^Task total/ }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      assert.equal(names.length, 2, 'the second task has not ended');
    }, WAIT_MS).then(finishedTotal);
    assert.equal(chatRequests(), requestsBefore + 1);
    assert.ok(Math.abs(total - (creditsBefore - sim.credits(key()))) <= 0.011, 'the total is what the simulator charged');
  });
});

describe('Agent mode in the real editor: an edit that waits for approval', function () {
  let workbench: Workbench;

  before(async function () {
    // The default: reads run on their own, an edit waits on its card.
    workbench = await openWorkbench({ settings: { 'switchboard.agent.autoApprove': ['read'] } });
    await writeBillingFiles(workbench.workspace);
    await openChat(workbench);
    await pickMode(workbench.chatFrame(), 'Agent');
  });

  after(async function () {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`agent-deny-${this.currentTest.title}`);
  });

  it('Deny on the edit’s card leaves the file on disk as it was, and the task goes on to its answer', async function () {
    const { sim } = workbench;
    const chat = workbench.chatFrame();
    const file = 'src/billing/total.ts';
    const request = 'rename calcTotal in total.ts only';
    const answer = 'Understood: total.ts keeps calcTotal.';
    sim.scriptReply({ marker: request, text: 'Renaming it in total.ts.', toolCalls: [{ name: 'edit_file', arguments: { path: file, edits: BILLING_FILES[file].edits } }] });
    sim.scriptReply({ marker: request, text: answer });

    await startTask(chat, request, 5000);
    const card = toolCard(chat, `edit_file ${file}`);
    await card.waitFor({ timeout: WAIT_MS });
    await eventually(async () => assert.match((await card.getAttribute('aria-label')) ?? '', /Waiting for approval$/), WAIT_MS);
    await card.getByRole('button', { name: 'Deny', exact: true }).click();

    await chat.getByRole('article', { name: /^Switchboard/ }).filter({ hasText: answer }).waitFor({ timeout: WAIT_MS });
    const summary = chat.getByRole('group', { name: /^Task total/ }).last();
    await summary.waitFor({ timeout: WAIT_MS });
    assert.match(await summary.innerText(), /Task done/);
    assert.equal(await summary.getByRole('button', { name: 'Restore Checkpoint' }).count(), 0, 'nothing changed, nothing to restore');
    assert.match((await card.getAttribute('aria-label')) ?? '', /Denied$/);
    assert.equal(await card.getByRole('button', { name: 'Approve', exact: true }).count(), 0);
    assert.equal(await readFile(path.join(workbench.workspace, file), 'utf8'), BILLING_FILES[file].before, 'the file on disk is unchanged');
    // The denial reached the model as the tool's result, and the task asked again for its answer.
    const denial = sim.toolResults.find((r) => r.name === 'edit_file');
    assert.equal(denial?.content, `The user denied this change to ${file}; it was not made.`);
    assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).length, 2);
  });
});

/** Opens the Switchboard chat (again, if a toast or the palette got in the way) until its Mode control shows. */
async function openChat(workbench: Workbench): Promise<void> {
  const chat = workbench.chatFrame();
  const box = chat.getByRole('textbox', { name: 'Message' });
  await eventually(async () => {
    if (!(await box.isVisible())) {
      await workbench.page.keyboard.press('Escape');
      await workbench.runCommand('Switchboard: Open Chat');
    }
    await box.waitFor({ timeout: 15_000 });
  }, 2 * WAIT_MS);
  await chat.getByRole('combobox', { name: 'Mode', exact: true }).waitFor({ timeout: WAIT_MS });
}
