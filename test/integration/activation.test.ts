// The extension as VS Code sees it: present, lazily activated, with every contributed command and
// view really backed by the running extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'switchboard-dev.switchboard';

interface Contributions {
  commands: Array<{ command: string }>;
  views: Record<string, Array<{ id: string; name: string }>>;
  viewsContainers: { activitybar: Array<{ id: string; title: string }> };
}

function switchboard(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded in this editor`);
  return extension;
}

function contributions(): Contributions {
  return switchboard().packageJSON.contributes as Contributions;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Switchboard in a real VS Code', () => {
  it('is loaded from this repository', () => {
    const extension = switchboard();
    assert.equal(extension.packageJSON.displayName, 'Switchboard');
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('stays inactive at start-up until something needs it', () => {
    assert.equal(switchboard().isActive, false, 'the extension activated before any of its views or commands was used');
  });

  it('activates when its Chat view is opened from the activity bar', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.switchboard');
    await vscode.commands.executeCommand('switchboard.chat.focus');
    await waitFor(() => switchboard().isActive, 'the extension is active');
  });

  it('registers a handler for every command it contributes', async () => {
    await switchboard().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = contributions().commands.map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('contributes the Switchboard container with its Chat and Generation Tasks views', async () => {
    const { viewsContainers, views } = contributions();
    const container = viewsContainers.activitybar.find((entry) => entry.id === 'switchboard');
    assert.equal(container?.title, 'Switchboard');
    const names = (views.switchboard ?? []).map((view) => view.name);
    assert.ok(names.includes('Chat') && names.includes('Generation Tasks'), `views: ${names.join(', ')}`);

    // The workbench creates a focus command for each view it actually registered.
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const view of views.switchboard) {
      assert.ok(registered.has(`${view.id}.focus`), `the workbench has no view ${view.id}`);
    }
    await vscode.commands.executeCommand('switchboard.tasks.focus');
  });
});
