// The installed extension shows up in a real VS Code and its Chat view opens from the activity bar.
import * as assert from 'node:assert/strict';
import { activityBarItem, openWorkbench, type Workbench } from './fixture';

describe('Switchboard in the browser workbench', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench();
  });

  after(async function () {
    await workbench?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`smoke-${this.currentTest.title}`);
  });

  it('opens the Chat view from the Switchboard activity-bar item', async function () {
    const { page } = workbench;
    await activityBarItem(page, 'Switchboard').click();
    const sideBar = page.locator('.part.sidebar');
    await sideBar.getByRole('heading', { name: 'Switchboard' }).waitFor();
    const chatPane = sideBar.locator('.pane-header', { hasText: 'Chat' }).first();
    await chatPane.waitFor();
    assert.equal(await chatPane.getAttribute('aria-expanded'), 'true', 'the Chat section is collapsed');
    // The webview inside the view has loaded the chat UI: its model picker and Send button are there.
    const chat = workbench.chatFrame();
    await chat.getByRole('combobox', { name: 'Model' }).waitFor();
    await chat.getByRole('button', { name: 'Send' }).waitFor();
  });

  it('runs its commands from the command palette: Show Log opens its output channel', async function () {
    const { page } = workbench;
    await workbench.runCommand('Switchboard: Show Log');
    const panel = page.locator('.part.panel');
    await panel.getByRole('tab', { name: /Output/ }).waitFor();
    await panel.locator('.monaco-select-box, select').filter({ hasText: 'Switchboard' }).first().waitFor();
  });
});
