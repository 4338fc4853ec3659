// run_command: the command runs inside the workspace (processRun.ts), its output shown live in a
// Switchboard terminal so the user sees what the agent runs, and captured for the model.
import * as vscode from 'vscode';
import { z } from 'zod';
import { COMMAND_TIMEOUT_MS, runShell } from './processRun';
import type { WorkspaceToolContext } from './context';
import { defineTool, type AgentTool } from './tool';
import { resolveInWorkspace } from './workspacePath';

/** A terminal showing the agent's commands; created on first use and reused while open. */
class CommandTerminal {
  private terminal: vscode.Terminal | undefined;
  private readonly write = new vscode.EventEmitter<string>();

  show(command: string): (text: string) => void {
    if (!this.terminal || this.terminal.exitStatus !== undefined) {
      const pty: vscode.Pseudoterminal = { onDidWrite: this.write.event, open: () => undefined, close: () => (this.terminal = undefined) };
      this.terminal = vscode.window.createTerminal({ name: 'Switchboard Agent', pty });
    }
    this.terminal.show(true);
    this.write.fire(`\r\n\x1b[1m$ ${command}\x1b[0m\r\n`);
    return (text) => this.write.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}

const terminal = new CommandTerminal();

export const runCommand: AgentTool<WorkspaceToolContext> = defineTool({
  name: 'run_command',
  description: `Run a shell command in the workspace (cwd is workspace-relative). Output and exit code come back; it is stopped after ${COMMAND_TIMEOUT_MS / 1000} s.`,
  kind: 'command',
  input: z.object({ command: z.string().min(1), cwd: z.string().optional() }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const cwd = await resolveInWorkspace(ctx.root, input.cwd ?? '');
    const shown = terminal.show(input.command);
    const result = await runShell(input.command, {
      cwd,
      signal: ctx.signal,
      onOutput: (text) => {
        shown(text);
        ctx.onCommandOutput?.(text);
      },
    });
    const status = result.stopped ? 'stopped by the user' : result.timedOut ? `killed after ${COMMAND_TIMEOUT_MS / 1000} s` : `exit code ${result.exitCode}`;
    shown(`\n[${status}]\n`);
    return `${result.output.trimEnd()}\n[${status}]`;
  },
});
