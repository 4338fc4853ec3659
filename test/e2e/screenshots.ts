// Takes the README's screenshots from the real VS Code (code-server in headless Chromium) with the
// packaged extension answering from the simulator: `npx tsx test/e2e/screenshots.ts`.
// Writes media/screenshots/chat-dark.png and chat-light.png; `… screenshots.ts agent` writes
// media/screenshots/agent-task.png (the e2e rename task, finished). Look at them before publishing.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths.mjs';
import { CHECK_COMMAND, pickMode, RENAME_REQUEST, scriptRenameTask, startTask, toolCard, WAIT_MS, writeBillingFiles } from './agentTask';
import { openWorkbench, type Workbench } from './fixture';

const outDir = path.join(repoRoot, 'media', 'screenshots');
const viewport = { width: 1400, height: 900 };
const sidebarWidth = 570;

const agentScene = process.argv[2] === 'agent';
const themes = agentScene
  ? [{ file: 'agent-task.png', theme: 'Default Dark Modern', colorScheme: 'dark' }] as const
  : [
    { file: 'chat-dark.png', theme: 'Default Dark Modern', colorScheme: 'dark' },
    { file: 'chat-light.png', theme: 'Default Light Modern', colorScheme: 'light' },
  ] as const;

const question = 'Can totalValue be shorter without changing what it returns?';

// ASCII only: Debian's Chromium has no emoji or CJK fonts, which would show as empty boxes.
const reasoning = 'The loop sums quantity times unit price. A reduce with a 0 seed does the same and keeps an empty list at 0.';
const answer = [
  '### A shorter `totalValue`',
  '',
  '`Array.prototype.reduce` folds the list into one number, so the index loop and the mutable total go away:',
  '',
  '- **One expression**: no index bookkeeping, no off-by-one.',
  '- **Still typed**: the `0` seed keeps the result a `number`.',
  '- **Same result** for an empty list: `0`.',
  '',
  '```ts',
  'export function totalValue(items: Item[]): number {',
  '  return items.reduce(',
  '    (sum, item) => sum + item.quantity * item.unitPrice,',
  '    0,',
  '  );',
  '}',
  '```',
  '',
  'Insert it at the cursor, or keep both while you compare them.',
].join('\n');

const followUp = 'Now write a unit test for it';

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const { file, theme, colorScheme } of themes) {
    const workbench = await openWorkbench({
      colorScheme,
      viewport,
      settings: {
        'workbench.colorTheme': theme,
        'workbench.startupEditor': 'none',
        'editor.minimap.enabled': false,
        'breadcrumbs.enabled': false,
        'window.commandCenter': false,
        'workbench.layoutControl.enabled': false,
        'workbench.tips.enabled': false,
        ...(agentScene ? { 'switchboard.agent.autoApprove': ['read', 'edit'] } : {}),
      },
    });
    try {
      await (agentScene ? stageAgentTask(workbench) : stage(workbench));
      const target = path.join(outDir, file);
      await workbench.page.screenshot({ path: target });
      console.log(`[screenshots] ${path.relative(repoRoot, target)}`);
    } catch (error) {
      console.error(`[screenshots] failed, see ${await workbench.screenshot(`screenshots-${colorScheme}-failed`)}`);
      throw error;
    } finally {
      await workbench.close();
    }
  }
}

/** The scene: inventory.ts open with a selection attached to the chat, one answered question, a follow-up being typed. */
async function stage(workbench: Workbench): Promise<void> {
  const { page, sim } = workbench;
  await openFile(page, 'inventory.ts');
  await selectLines(page, 7, 13);
  await workbench.runCommand('Switchboard: Add Selection to Chat');
  await workbench.runCommand('Switchboard: Open Chat');
  const chat = workbench.chatFrame();
  await chat.getByRole('listitem').filter({ hasText: 'inventory.ts' }).first().waitFor({ timeout: 60_000 });
  await widenSidebar(page);
  await collapseOtherViews(page);
  // The attached selection is in the chat; the editor needs no highlighted block.
  // The cursor to the empty last line, so no current-line highlight crosses code.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');

  sim.scriptReply({ text: answer, reasoning, chunks: 40 });
  const box = chat.getByRole('textbox', { name: 'Message' });
  await box.fill(question);
  await box.press('Enter');
  const reply = chat.getByRole('article', { name: /^Switchboard/ }).last();
  await reply.filter({ hasText: 'keep both while you compare' }).waitFor({ timeout: 60_000 });
  await waitFor(async () => (await reply.getAttribute('aria-busy')) !== 'true');
  await chat.getByRole('status', { name: /^Credits: [\d,.]+ left/ }).waitFor({ timeout: 60_000 });

  await box.fill(followUp);
  await waitFor(async () => /\d/.test(await estimateText(chat)));
  // The TypeScript server's "Analyzing…" progress is transient; it would date the picture.
  await waitFor(async () => !(await page.locator('.part.statusbar').innerText()).includes('Analyzing')).catch(() => undefined);
  // No hover tooltips or focus rings from the pointer in the picture; the text cursor stays in the composer.
  await page.mouse.move(viewport.width - 5, viewport.height / 2);
  await page.waitForTimeout(500);
}

/** The scene: the rename task of the agent e2e test, finished, with a changed file open beside it. */
async function stageAgentTask(workbench: Workbench): Promise<void> {
  const { page, sim } = workbench;
  await writeBillingFiles(workbench.workspace);
  await workbench.runCommand('Switchboard: Open Chat');
  const chat = workbench.chatFrame();
  await chat.getByRole('combobox', { name: 'Mode', exact: true }).waitFor({ timeout: WAIT_MS });
  await widenSidebar(page);
  await collapseOtherViews(page);
  await pickMode(chat, 'Agent');
  scriptRenameTask(sim);
  await startTask(chat, RENAME_REQUEST, 2000);
  await toolCard(chat, `run_command ${CHECK_COMMAND}`).getByRole('button', { name: 'Approve', exact: true }).click({ timeout: WAIT_MS });
  const summary = chat.getByRole('group', { name: /^Task total/ });
  await summary.waitFor({ timeout: WAIT_MS });
  await openFile(page, 'cart.ts', 'computeTotal');
  await summary.scrollIntoViewIfNeeded();
  await page.mouse.move(viewport.width - 5, viewport.height / 2);
  await page.waitForTimeout(500);
}

async function openFile(page: Page, name: string, shows = 'totalValue'): Promise<void> {
  await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-widget .quick-input-list').getByRole('option', { name: new RegExp(name.replace('.', '\\.')) }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').filter({ hasText: shows }).first().waitFor();
}

async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${from}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  for (let line = from; line <= to; line++) await page.keyboard.press('Shift+ArrowDown');
}

/** The sidebar's default width squeezes the chat; drag its sash as a user would. */
async function widenSidebar(page: Page): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) throw new Error('No sidebar to widen.');
  const edge = sidebar.x + sidebar.width;
  const sashes = await page.locator('.monaco-sash.vertical').all();
  for (const sash of sashes) {
    const box = await sash.boundingBox();
    if (!box || Math.abs(box.x + box.width / 2 - edge) > 6) continue;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebarWidth, y, { steps: 10 });
    await page.mouse.up();
    return;
  }
  throw new Error('The sidebar sash was not found.');
}

/** Other views in the Switchboard container take their share of the height; the chat should have it all. */
async function collapseOtherViews(page: Page): Promise<void> {
  const header = page.locator('.part.sidebar .pane-header', { hasText: 'Generation Tasks' }).first();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

async function estimateText(chat: FrameLocator): Promise<string> {
  return chat.locator('.estimate').innerText().catch(() => '');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out while staging the screenshot.');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
