// The rename task of the agent e2e test (and of the README's agent screenshot): three files that
// use calcTotal in the workspace, and the simulator scripted as a model that renames it with the
// workspace tools, step by step, then runs a check. Driven in the chat only by role and name.
import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import type { Simulator } from '../sim/server';

export const RENAME_REQUEST = 'rename calcTotal to computeTotal and run the check';
export const CHECK_COMMAND = 'grep -rn computeTotal src/billing';
export const FINAL_ANSWER = 'Renamed `calcTotal` to `computeTotal` in the three files; the check finds the new name everywhere.';
export const WAIT_MS = 90_000;

export const BILLING_FILES: Record<string, { before: string; after: string; edits: { oldText: string; newText: string }[] }> = {
  'src/billing/total.ts': {
    before: 'export function calcTotal(prices: number[]): number {\n  return prices.reduce((sum, price) => sum + price, 0);\n}\n',
    after: 'export function computeTotal(prices: number[]): number {\n  return prices.reduce((sum, price) => sum + price, 0);\n}\n',
    edits: [{ oldText: 'export function calcTotal(', newText: 'export function computeTotal(' }],
  },
  'src/billing/cart.ts': {
    before: "import { calcTotal } from './total';\n\nexport const cartTotal = (prices: number[]): number => calcTotal(prices);\n",
    after: "import { computeTotal } from './total';\n\nexport const cartTotal = (prices: number[]): number => computeTotal(prices);\n",
    edits: [
      { oldText: "import { calcTotal } from './total';", newText: "import { computeTotal } from './total';" },
      { oldText: '=> calcTotal(prices)', newText: '=> computeTotal(prices)' },
    ],
  },
  'src/billing/invoice.ts': {
    before: "import { calcTotal } from './total';\n\nexport function invoiceLine(prices: number[]): string {\n  return `Total: ${calcTotal(prices)}`;\n}\n",
    after: "import { computeTotal } from './total';\n\nexport function invoiceLine(prices: number[]): string {\n  return `Total: ${computeTotal(prices)}`;\n}\n",
    edits: [
      { oldText: "import { calcTotal } from './total';", newText: "import { computeTotal } from './total';" },
      { oldText: '${calcTotal(prices)}', newText: '${computeTotal(prices)}' },
    ],
  },
};

/** Writes the three files into the test's private copy of the workspace. */
export async function writeBillingFiles(workspace: string): Promise<void> {
  for (const [file, { before }] of Object.entries(BILLING_FILES)) {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await writeFile(path.join(workspace, file), before);
  }
}

/** The model's turns, queued under the task's request: search → 3 parallel reads → 3 edits → the check → the answer. */
export function scriptRenameTask(sim: Simulator): void {
  const files = Object.keys(BILLING_FILES);
  const marker = RENAME_REQUEST;
  sim.scriptReply({ marker, text: 'First I look for every use of `calcTotal`.', toolCalls: [{ name: 'search_text', arguments: { query: 'calcTotal' } }] });
  sim.scriptReply({
    marker,
    text: 'Three files use it; reading them.',
    toolCallStyle: 'interleaved',
    toolCalls: files.map((file) => ({ name: 'read_file', arguments: { path: file } })),
  });
  sim.scriptReply({
    marker,
    text: 'Renaming it in each file.',
    toolCalls: files.map((file) => ({ name: 'edit_file', arguments: { path: file, edits: BILLING_FILES[file].edits } })),
  });
  sim.scriptReply({ marker, text: 'Now the check.', toolCalls: [{ name: 'run_command', arguments: { command: CHECK_COMMAND } }] });
  sim.scriptReply({ marker, text: FINAL_ANSWER });
}

/** Picks Ask or Agent in the composer's Mode control. */
export async function pickMode(chat: FrameLocator, mode: 'Ask' | 'Agent'): Promise<void> {
  const select = chat.getByRole('combobox', { name: 'Mode', exact: true });
  await select.click();
  await chat.getByRole('option', { name: mode, exact: true }).click();
  // Agent mode shows the task's budget; Ask mode has none.
  const budget = chat.getByRole('spinbutton', { name: /^Budget/ });
  await budget.waitFor({ state: mode === 'Agent' ? 'visible' : 'hidden', timeout: WAIT_MS });
}

/** Types the task, sets its budget and starts it with Start Task. */
export async function startTask(chat: FrameLocator, text: string, budget: number): Promise<void> {
  await chat.getByRole('spinbutton', { name: /^Budget/ }).fill(String(budget));
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Start Task', exact: true }).click();
  await chat.getByRole('article', { name: 'You' }).filter({ hasText: text }).last().waitFor({ timeout: WAIT_MS });
}

/** A tool card by its accessible name's start ("run_command grep …"). */
export function toolCard(chat: FrameLocator, name: string): Locator {
  return chat.getByRole('group', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
}

/** The number in a task total's name: "Task total: 1,234.5 credits" → 1234.5. */
export function totalIn(name: string): number {
  const match = /Task total(?: \(estimate\))?: ≈? ?([\d,.]+)/.exec(name);
  assert.ok(match, `no total in "${name}"`);
  return Number(match[1].replace(/,/g, ''));
}
