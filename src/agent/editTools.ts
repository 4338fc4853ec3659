// edit_file and create_file: build a proposal, let the user review it when the policy asks, then
// apply it through VS Code with the checkpoint recording the file first.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { WorkspaceToolContext } from './context';
import { proposeChange, proposeCreate, type EditProposal } from './editProposal';
import { applyTextEdits } from './textEdits';
import { defineTool, ToolError, type AgentTool } from './tool';
import { resolveInWorkspace } from './workspacePath';

async function decide(proposal: EditProposal, ctx: WorkspaceToolContext, done: string): Promise<string> {
  if (ctx.review && !(await ctx.review(proposal))) return `The user denied this change to ${proposal.path}; it was not made.`;
  if (ctx.signal.aborted) throw new ToolError('Stopped before the change was made.');
  await proposal.apply(ctx.checkpoint);
  return done;
}

const editFile = defineTool({
  name: 'edit_file',
  description: 'Change a workspace file: each oldText must match exactly once in the file (copy it from read_file) and is replaced by newText.',
  kind: 'edit',
  input: z.object({
    path: z.string().min(1),
    edits: z.array(z.object({ oldText: z.string(), newText: z.string() })).min(1),
  }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const file = await resolveInWorkspace(ctx.root, input.path);
    const exists = await stat(file).then((s) => s.isFile(), () => false);
    if (!exists) throw new ToolError(`${input.path} does not exist; use create_file for a new file.`);
    const proposal = await proposeChange(vscode.Uri.file(file), input.path, (text) => applyTextEdits(text, input.edits, input.path));
    return decide(proposal, ctx, `Edited ${input.path} (${input.edits.length} edit${input.edits.length === 1 ? '' : 's'}).`);
  },
});

const createFile = defineTool({
  name: 'create_file',
  description: 'Create a new workspace file with the given content (refused when the file exists; use edit_file).',
  kind: 'edit',
  input: z.object({ path: z.string().min(1), content: z.string() }),
  run: async (input, ctx: WorkspaceToolContext) => {
    const file = await resolveInWorkspace(ctx.root, input.path);
    const exists = await stat(file).then(() => true, () => false);
    if (exists) throw new ToolError(`${input.path} exists already; use edit_file to change it.`);
    return decide(proposeCreate(vscode.Uri.file(file), input.path, input.content), ctx, `Created ${input.path}.`);
  },
});

export const editTools: readonly AgentTool<WorkspaceToolContext>[] = [editFile, createFile];
