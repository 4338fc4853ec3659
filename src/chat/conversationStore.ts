import * as vscode from 'vscode';
import type { ConversationSummaryView } from '../shared/protocol';
import type { Conversation } from './conversation';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Conversations as one JSON file each under globalStorageUri (never globalState, which VS Code
 * loads whole at start-up). Writes go to a temporary file renamed over the old one, so a crash
 * mid-write leaves the previous version intact.
 */
export class ConversationStore {
  private readonly dir: vscode.Uri;

  constructor(storageRoot: vscode.Uri) {
    this.dir = vscode.Uri.joinPath(storageRoot, 'conversations');
  }

  private fileFor(id: string): vscode.Uri {
    if (!SAFE_ID.test(id)) throw new Error('Invalid conversation id.');
    return vscode.Uri.joinPath(this.dir, `${id}.json`);
  }

  async save(conversation: Conversation): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.dir);
    const target = this.fileFor(conversation.id);
    const temp = vscode.Uri.joinPath(this.dir, `.${conversation.id}.${Date.now()}.tmp`);
    await vscode.workspace.fs.writeFile(temp, Buffer.from(JSON.stringify(conversation), 'utf8'));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  }

  async load(id: string): Promise<Conversation | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.fileFor(id));
      const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as Conversation;
      return parsed && parsed.version === 1 && Array.isArray(parsed.messages) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.fileFor(id));
    } catch {
      // Already gone: deleting is idempotent.
    }
  }

  async list(): Promise<ConversationSummaryView[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.dir);
    } catch {
      return [];
    }
    const ids = entries.filter(([name, type]) => type === vscode.FileType.File && /^[A-Za-z0-9_-]+\.json$/.test(name)).map(([name]) => name.slice(0, -5));
    const loaded = await Promise.all(ids.map((id) => this.load(id)));
    return loaded
      .filter((c): c is Conversation => !!c)
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messages.length }))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
