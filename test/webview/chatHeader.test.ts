import assert from 'node:assert/strict';
import { chatState, helyxCredits, HOUR, MODELS } from './chatHarnessFixtures';
import { useChatPage } from './suiteHooks';

describe('chat webview: model picker, credit counter, conversations (headless Chromium)', function () {
  this.timeout(60_000);
  const suite = useChatPage();

  describe('model picker', () => {
    it('offers only chat models, grouped by kind, each with its rate and a Pro badge where it applies', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      const combo = suite.chat.page.getByRole('combobox', { name: 'Model' });
      assert.equal(await combo.inputValue(), 'helyx-3.5');
      await combo.click();
      assert.equal(await combo.getAttribute('aria-expanded'), 'true');
      const listbox = suite.chat.page.getByRole('listbox', { name: 'Models' });
      const names = await listbox.getByRole('option').allInnerTexts();
      const chatIds = MODELS.filter((m) => m.kind === 'chat').map((m) => m.id);
      assert.deepEqual(names.map((n) => n.split(/\s+/)[0]), chatIds);
      assert.equal(await listbox.getByRole('option', { name: /helyx-image|vo3/ }).count(), 0);
      assert.equal(await listbox.getByRole('group', { name: 'Chat models' }).count(), 1);
      const claude = listbox.getByRole('option', { name: /claude-4\.7/ });
      assert.match(await claude.innerText(), /1\.5 cr\/tok/);
      assert.equal(await claude.locator('vscode-badge').innerText(), 'Pro');
      assert.equal(await listbox.getByRole('option', { name: /helyx-mini/ }).locator('vscode-badge').count(), 0);
      assert.equal(await listbox.getByRole('option', { selected: true }).innerText().then((t) => t.split(/\s+/)[0]), 'helyx-3.5');
    });

    it('filters as you type and posts pickModel for the choice', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      const combo = suite.chat.page.getByRole('combobox', { name: 'Model' });
      await combo.fill('pro');
      const options = suite.chat.page.getByRole('listbox', { name: 'Models' }).getByRole('option');
      assert.deepEqual((await options.allInnerTexts()).map((n) => n.split(/\s+/)[0]), ['grok-pro']);
      await options.first().click();
      assert.deepEqual(await suite.chat.waitForPosted('pickModel'), { type: 'pickModel', modelId: 'grok-pro' });
      assert.equal(await combo.getAttribute('aria-expanded'), 'false');
      assert.equal(await combo.inputValue(), 'grok-pro');
    });

    it('works from the keyboard, and Escape closes the list without stopping a reply', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState({ busy: true }) });
      const combo = suite.chat.page.getByRole('combobox', { name: 'Model' });
      await combo.focus();
      await combo.press('ArrowDown');
      assert.equal(await combo.getAttribute('aria-expanded'), 'true');
      await combo.press('ArrowDown');
      const active = await combo.getAttribute('aria-activedescendant');
      assert.ok(active);
      assert.match(await suite.chat.page.locator(`[id="${active}"]`).innerText(), /helyx-mini/);
      await combo.press('Escape');
      assert.equal(await combo.getAttribute('aria-expanded'), 'false');
      assert.deepEqual(await suite.chat.postedOfType('stop'), []);
      await combo.fill('claude');
      await combo.press('Enter');
      assert.deepEqual(await suite.chat.waitForPosted('pickModel'), { type: 'pickModel', modelId: 'claude-4.7' });
    });

    it('follows the host when the model changes elsewhere (Select Model… in the palette)', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      await suite.chat.deliver({ type: 'models', models: MODELS, modelId: 'deepseek-r1', reasoningSupported: true, hasKey: true, providerLabel: 'HelyxAI' });
      assert.equal(await suite.chat.page.getByRole('combobox', { name: 'Model' }).inputValue(), 'deepseek-r1');
      assert.deepEqual(await suite.chat.postedOfType('pickModel'), [], 'reflecting the host is not a new pick');
    });
  });

  describe('credit counter', () => {
    it('shows the balance, the last reply, today and the time to the reset', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState({ credits: helyxCredits(Date.now()) }) });
      const status = suite.chat.page.getByRole('status', { name: /^Credits/ });
      assert.match((await status.getAttribute('aria-label')) ?? '', /^Credits: 9,998\.27 left · last reply 1\.73 · today 12\.4 · resets in 3h 1[12]m$/);
      assert.match(await status.innerText(), /9,998\.27 credits/);
    });

    it('changes live when the host reports a new balance', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      await suite.chat.deliver({ type: 'credits', credits: helyxCredits(Date.now(), { balance: 9990.5, lastCost: { credits: 7.77, estimated: false }, spentToday: 20.17 }) });
      const label = await suite.chat.page.getByRole('status', { name: /^Credits/ }).getAttribute('aria-label');
      assert.match(label ?? '', /^Credits: 9,990\.5 left · last reply 7\.77 · today 20\.17/);
    });

    it('labels spend as estimated for gateways that report no balance', async () => {
      const credits = helyxCredits(Date.now(), {
        providerLabel: 'Custom', balance: undefined, lastCost: undefined, spentToday: 0.42, estimated: true, nextResetAt: undefined,
      });
      await suite.chat.deliver({ type: 'state', state: chatState({ credits }) });
      assert.equal(await suite.chat.page.getByRole('status', { name: /^Credits/ }).getAttribute('aria-label'), 'Credits (estimated): spent today 0.42');
    });

    it('formats large balances and countdowns longer than a day', async () => {
      const now = Date.now();
      await suite.chat.deliver({ type: 'state', state: chatState({ credits: helyxCredits(now, { balance: 1234567.8, nextResetAt: now + 26 * HOUR + 30 * 60_000 }) }) });
      assert.match((await suite.chat.page.getByRole('status', { name: /^Credits/ }).getAttribute('aria-label')) ?? '', /1,234,567\.8 left.*resets in 1d 2h/);
    });
  });

  describe('conversations', () => {
    it('lists conversations and switches, exports and starts new ones through the host', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      await suite.chat.page.getByRole('button', { name: 'Conversations' }).click();
      const panel = suite.chat.page.getByRole('region', { name: 'Conversations' });
      assert.match(await panel.innerText(), /Sorting in TypeScript[\s\S]*Regex help/);
      await panel.getByRole('button', { name: /^Regex help/ }).click();
      assert.deepEqual(await suite.chat.waitForPosted('switchConversation'), { type: 'switchConversation', id: 'conv-2' });
      assert.equal(await panel.isVisible(), false, 'the menu closes after a switch');

      await suite.chat.page.getByRole('button', { name: 'Conversations' }).click();
      await panel.getByRole('button', { name: 'Export Regex help' }).click();
      assert.deepEqual(await suite.chat.waitForPosted('exportConversation'), { type: 'exportConversation', id: 'conv-2' });
      await suite.chat.page.getByRole('button', { name: 'New Chat' }).first().click();
      await suite.chat.waitForPosted('newChat');
    });

    it('renames inline and deletes only after a confirmation', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      await suite.chat.page.getByRole('button', { name: 'Conversations' }).click();
      const panel = suite.chat.page.getByRole('region', { name: 'Conversations' });
      await panel.getByRole('button', { name: 'Rename Regex help' }).click();
      const field = panel.getByRole('textbox', { name: 'New name for Regex help' });
      await field.fill('Regex lookbehind');
      await field.press('Enter');
      assert.deepEqual(await suite.chat.waitForPosted('renameConversation'), { type: 'renameConversation', id: 'conv-2', title: 'Regex lookbehind' });

      await panel.getByRole('button', { name: 'Delete Regex help' }).click();
      assert.deepEqual(await suite.chat.postedOfType('deleteConversation'), [], 'nothing is deleted before confirming');
      await panel.getByRole('button', { name: 'Delete', exact: true }).click();
      assert.deepEqual(await suite.chat.waitForPosted('deleteConversation'), { type: 'deleteConversation', id: 'conv-2' });
    });

    it('shows the active conversation title and follows renames from the host', async () => {
      await suite.chat.deliver({ type: 'state', state: chatState() });
      assert.equal(await suite.chat.page.getByRole('heading', { name: 'Sorting in TypeScript' }).count(), 1);
      await suite.chat.deliver({
        type: 'conversations', activeId: 'conv-1',
        conversations: [{ id: 'conv-1', title: 'Sorting, stable', updatedAt: 1_700_000_200_000, messageCount: 2 }],
      });
      assert.equal(await suite.chat.page.getByRole('heading', { name: 'Sorting, stable' }).count(), 1);
    });
  });
});
