// The agent's built-in tools in a real VS Code against the fixture workspace: reads, search, edits
// through WorkspaceEdit (exact-once rule, undoable), create, refused paths, commands (output, exit
// code, a stop that kills the process) and checkpoint restore.
import * as assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { builtInTools } from '../../src/agent/agentTools';
import { Checkpoint } from '../../src/agent/checkpoints';
import type { WorkspaceToolContext } from '../../src/agent/context';
import { ToolError } from '../../src/agent/tool';

function tool(name: string) {
  const found = builtInTools.find((t) => t.name === name);
  assert.ok(found, name);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

describe('agent tools', () => {
  let root: string;
  let dir: string;
  let rel: string;
  let storage: string;
  const ctx = (extra: Partial<WorkspaceToolContext> = {}): WorkspaceToolContext => ({ signal: new AbortController().signal, root, ...extra });

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    root = folder.uri.fsPath;
    rel = 'agent-fixture';
    dir = path.join(root, rel);
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await writeFile(path.join(dir, 'src', 'a.ts'), 'export function calcTotal(x: number) {\n  return x;\n}\n');
    await writeFile(path.join(dir, 'src', 'b.ts'), "import { calcTotal } from './a';\nexport const y = calcTotal(1) + calcTotal(2);\n");
    storage = await mkdtemp(path.join(tmpdir(), 'sb-agent-storage-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rm(dir, { recursive: true, force: true });
    await rm(storage, { recursive: true, force: true });
  });

  it('read_file reads a file and a line range', async () => {
    assert.equal(await tool('read_file').run({ path: `${rel}/src/a.ts` }, ctx()), 'export function calcTotal(x: number) {\n  return x;\n}\n');
    assert.match(await tool('read_file').run({ path: `${rel}/src/a.ts`, startLine: 2, endLine: 2 }, ctx()), /lines 2-2 of 4\]\n {2}return x;$/);
  });

  it('list_files lists by glob under a folder', async () => {
    assert.equal(await tool('list_files').run({ pattern: '**/*.ts', path: rel }, ctx()), `${rel}/src/a.ts\n${rel}/src/b.ts`);
  });

  it('search_text answers path:line: text lines', async () => {
    const out = await tool('search_text').run({ query: 'calcTotal\\(\\d\\)', isRegexp: true, include: `${rel}/**` }, ctx());
    assert.equal(out, `${rel}/src/b.ts:2: export const y = calcTotal(1) + calcTotal(2);`);
  });

  it('edit_file refuses 0 or several matches, saying which, and leaves the file alone', async () => {
    const before = await readFile(path.join(dir, 'src', 'b.ts'), 'utf8');
    await assert.rejects(tool('edit_file').run({ path: `${rel}/src/b.ts`, edits: [{ oldText: 'calcTotal(', newText: 'x(' }] }, ctx()), (e: Error) => e instanceof ToolError && /matches 2 places/.test(e.message));
    await assert.rejects(tool('edit_file').run({ path: `${rel}/src/b.ts`, edits: [{ oldText: 'nothing here', newText: '' }] }, ctx()), /Edit 1 of 1.*matches nothing/);
    assert.equal(await readFile(path.join(dir, 'src', 'b.ts'), 'utf8'), before);
  });

  it('edit_file applies through VS Code (saved, undoable) and a denied edit changes nothing', async () => {
    const file = path.join(dir, 'src', 'a.ts');
    const denied = await tool('edit_file').run({ path: `${rel}/src/a.ts`, edits: [{ oldText: 'calcTotal', newText: 'nope' }] }, ctx({ review: async () => false }));
    assert.match(denied, /denied/);
    assert.match(await readFile(file, 'utf8'), /calcTotal/);

    let reviewed: string | undefined;
    await tool('edit_file').run({ path: `${rel}/src/a.ts`, edits: [{ oldText: 'function calcTotal', newText: 'function computeTotal' }] }, ctx({ review: async (p) => ((reviewed = p.proposed), true) }));
    assert.match(reviewed ?? '', /computeTotal/);
    assert.equal(await readFile(file, 'utf8'), 'export function computeTotal(x: number) {\n  return x;\n}\n');

    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.match(document.getText(), /function calcTotal/);
    await document.save();
  });

  it('refuses paths outside the workspace: .., absolute, symlink', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'sb-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    await symlink(outside, path.join(dir, 'link'));
    for (const p of ['../outside.txt', path.join(outside, 'secret.txt'), `${rel}/link/secret.txt`]) {
      await assert.rejects(tool('read_file').run({ path: p }, ctx()), (e: Error) => e instanceof ToolError && /refused/.test(e.message), p);
      await assert.rejects(tool('create_file').run({ path: p.replace('secret', 'new'), content: 'x' }, ctx()), /refused/, p);
    }
    await rm(outside, { recursive: true, force: true });
  });

  it('checkpoint restore puts an edited file back byte-identical and removes a created one', async () => {
    const checkpoint = new Checkpoint(path.join(storage, 'task'), root);
    const edited = path.join(dir, 'src', 'b.ts');
    const original = await readFile(edited);
    await tool('edit_file').run({ path: `${rel}/src/b.ts`, edits: [{ oldText: 'calcTotal(1)', newText: 'computeTotal(1)' }] }, ctx({ checkpoint }));
    await tool('create_file').run({ path: `${rel}/src/c.ts`, content: 'export const c = 1;\n' }, ctx({ checkpoint }));
    assert.equal(await readFile(path.join(dir, 'src', 'c.ts'), 'utf8'), 'export const c = 1;\n');
    await new Checkpoint(path.join(storage, 'task'), root).restore();
    assert.deepEqual(await readFile(edited), original);
    await assert.rejects(access(path.join(dir, 'src', 'c.ts')));
  });

  it('run_command captures output and exit code', async () => {
    const out = await tool('run_command').run({ command: 'echo hello-from-agent; exit 4', cwd: rel }, ctx());
    assert.match(out, /hello-from-agent\n\[exit code 4\]$/);
  });

  it('stopping a long-running command kills its process', async () => {
    const controller = new AbortController();
    const pidFile = path.join(dir, 'pid.txt');
    const running = tool('run_command').run({ command: `node -e "require('fs').writeFileSync('pid.txt', String(process.pid)); setInterval(() => {}, 1000)"`, cwd: rel }, ctx({ signal: controller.signal }));
    await until(async () => (await readFile(pidFile, 'utf8').catch(() => '')) !== '');
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.ok(alive(pid));
    controller.abort();
    assert.match(await running, /stopped by the user/);
    await until(() => !alive(pid));
  });
});
