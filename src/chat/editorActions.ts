import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ContextAttachment, Conversation } from './conversation';
import { toMarkdown } from './conversation';
import { parseWorkspaceImageReference } from '../shared/workspaceImages';

const MAX_ATTACHMENT_CHARS = 200_000;

/**
 * What the chat does in the editor: code-block buttons, links, context from the editor.
 * The webview has focus when its buttons are clicked, so "the editor" means the last text editor
 * the user was in, tracked here.
 */
export class ChatEditorActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e) this.lastEditor = e;
  });

  private editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const visible = vscode.window.visibleTextEditors;
    return this.lastEditor && visible.includes(this.lastEditor) ? this.lastEditor : visible[0];
  }

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
  }

  async insertAtCursor(code: string): Promise<void> {
    const editor = this.editor();
    if (!editor) {
      void vscode.window.showInformationMessage('Open a file and place the cursor where the code should go.');
      return;
    }
    await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, code);
    });
  }

  async newFile(code: string, language?: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument({ content: code, ...(language ? { language: normalizeLanguage(language) } : {}) });
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  /** Links from model output open outside only for http(s); anything else is refused. */
  async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    if (uri.scheme !== 'http' && uri.scheme !== 'https') return;
    await vscode.env.openExternal(uri);
  }

  selectionAttachment(): ContextAttachment | undefined {
    const editor = this.editor();
    if (!editor || editor.selection.isEmpty) return undefined;
    const doc = editor.document;
    const sel = editor.selection;
    const path = vscode.workspace.asRelativePath(doc.uri, false);
    const start = sel.start.line + 1;
    const end = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
    return {
      id: randomUUID(),
      label: `${basename(path)}:${start}-${end}`,
      path,
      language: doc.languageId,
      startLine: start,
      endLine: end,
      content: doc.getText(sel).slice(0, MAX_ATTACHMENT_CHARS),
    };
  }

  async fileAttachment(uri?: vscode.Uri): Promise<ContextAttachment | undefined> {
    let target = uri;
    if (!target) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Add to Chat',
        title: 'Add File to Chat',
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      });
      target = picked?.[0];
    }
    if (!target) return undefined;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(target);
    } catch {
      void vscode.window.showWarningMessage('That file cannot be added: it is not a text file.');
      return undefined;
    }
    const path = vscode.workspace.asRelativePath(target, false);
    return { id: randomUUID(), label: basename(path), path, language: doc.languageId, content: doc.getText().slice(0, MAX_ATTACHMENT_CHARS) };
  }

  async exportMarkdown(conversation: Conversation): Promise<void> {
    const doc = await vscode.workspace.openTextDocument({ content: toMarkdown(conversation, workspaceImageFileUri), language: 'markdown' });
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** The file a `switchboard-image:` reference names in this window's workspace folders, as a file URI. */
function workspaceImageFileUri(reference: string): string | undefined {
  const parsed = parseWorkspaceImageReference(reference);
  const folder = parsed && vscode.workspace.workspaceFolders?.find((f) => f.name === parsed.folder && f.uri.scheme === 'file');
  return parsed && folder ? vscode.Uri.joinPath(folder.uri, ...parsed.segments).toString() : undefined;
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const LANGUAGE_ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', yml: 'yaml', md: 'markdown', rb: 'ruby', rs: 'rust', cs: 'csharp' };

function normalizeLanguage(language: string): string {
  const lower = language.toLowerCase();
  return LANGUAGE_ALIASES[lower] ?? lower;
}
