// An edit is first a proposal (the file's text now and after), so the UI can open VS Code's diff
// editor and wait for Approve; apply() then changes the file through a WorkspaceEdit (undoable,
// seen by every open editor) and saves it, after the checkpoint recorded the original.
import * as vscode from 'vscode';
import type { Checkpoint } from './checkpoints';
import { ToolError } from './tool';

export interface EditProposal {
  readonly uri: vscode.Uri;
  /** Workspace-relative path, as the model named it. */
  readonly path: string;
  /** The text now; '' for a file the proposal creates. */
  readonly original: string;
  readonly proposed: string;
  readonly creates: boolean;
  apply(checkpoint?: Checkpoint): Promise<void>;
}

/**
 * The file's text as the edit must see it: unsaved changes when there are any, else the bytes on
 * disk (an open document can lag behind a change made outside the editor, e.g. a checkpoint restore).
 */
async function currentText(document: vscode.TextDocument): Promise<string> {
  return document.isDirty ? document.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
}

export async function proposeChange(uri: vscode.Uri, relative: string, proposed: (original: string) => string): Promise<EditProposal> {
  const document = await vscode.workspace.openTextDocument(uri);
  const original = await currentText(document);
  const next = proposed(original);
  return {
    uri,
    path: relative,
    original,
    proposed: next,
    creates: false,
    apply: async (checkpoint) => {
      if ((await currentText(document)) !== original) throw new ToolError(`${relative} changed while the edit waited for approval; read it again.`);
      await checkpoint?.record(uri.fsPath);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), next);
      if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`VS Code did not apply the edit to ${relative}.`);
      await document.save();
    },
  };
}

export function proposeCreate(uri: vscode.Uri, relative: string, content: string): EditProposal {
  return {
    uri,
    path: relative,
    original: '',
    proposed: content,
    creates: true,
    apply: async (checkpoint) => {
      await checkpoint?.record(uri.fsPath);
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { contents: Buffer.from(content, 'utf8'), ignoreIfExists: false, overwrite: false });
      if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`VS Code did not create ${relative} (does it exist already?).`);
    },
  };
}
