import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConversationSummaryView } from '../shared/protocol';
import type { Conversation } from './conversation';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const INDEX_FILE = 'index.json';

/**
 * Conversations as one JSON file each under globalStorageUri (never globalState, which VS Code
 * loads whole at start-up), plus a small index of their summaries so the list never parses every
 * conversation. Writes go to a temporary file renamed over the old one, so a crash mid-write leaves
 * the previous version intact. No `vscode` import: the chat session's tests run it in Node.
 */
export class ConversationStore {
  /** Index updates in order; each re-reads the file, so another window's saves are kept. */
  private indexWrite: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private fileFor(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error('Invalid conversation id.');
    return path.join(this.dir, `${id}.json`);
  }

  async save(conversation: Conversation): Promise<void> {
    await this.writeAtomic(this.fileFor(conversation.id), JSON.stringify(conversation));
    await this.updateIndex((index) => index.set(conversation.id, summaryOf(conversation)));
  }

  async load(id: string): Promise<Conversation | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.fileFor(id), 'utf8')) as Conversation;
      return parsed && parsed.version === 1 && Array.isArray(parsed.messages) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    // Already gone is fine: deleting is idempotent.
    await rm(this.fileFor(id), { force: true });
    await this.updateIndex((index) => index.delete(id));
  }

  /** Newest first, from the index. */
  async list(): Promise<ConversationSummaryView[]> {
    await this.indexWrite.catch(() => undefined);
    const index = await this.readIndex();
    return [...index.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  private updateIndex(change: (index: Map<string, ConversationSummaryView>) => void): Promise<void> {
    const next = this.indexWrite
      .catch(() => undefined)
      .then(async () => {
        const index = await this.readIndex();
        change(index);
        await this.writeAtomic(path.join(this.dir, INDEX_FILE), JSON.stringify({ version: 1, conversations: [...index.values()] }));
      });
    this.indexWrite = next;
    return next;
  }

  private async readIndex(): Promise<Map<string, ConversationSummaryView>> {
    const stored = await readFile(path.join(this.dir, INDEX_FILE), 'utf8').then(parseIndex, () => undefined);
    // No index yet (conversations saved by an older version) or an unreadable one: rebuild it from
    // the files; the next save writes it.
    return stored ?? this.rebuildIndex();
  }

  private async rebuildIndex(): Promise<Map<string, ConversationSummaryView>> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ids = names.filter((n) => n !== INDEX_FILE && /^[A-Za-z0-9_-]+\.json$/.test(n)).map((n) => n.slice(0, -5));
    const loaded = await Promise.all(ids.map((id) => this.load(id)));
    return new Map(loaded.filter((c): c is Conversation => !!c).map((c) => [c.id, summaryOf(c)]));
  }

  private async writeAtomic(file: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  }
}

function summaryOf(c: Conversation): ConversationSummaryView {
  return { id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messages.length };
}

function parseIndex(text: string): Map<string, ConversationSummaryView> | undefined {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; conversations?: unknown };
    if (parsed.version !== 1 || !Array.isArray(parsed.conversations)) return undefined;
    const entries = parsed.conversations.filter(
      (c): c is ConversationSummaryView =>
        !!c && typeof c.id === 'string' && SAFE_ID.test(c.id) && typeof c.title === 'string' && typeof c.updatedAt === 'number' && typeof c.messageCount === 'number',
    );
    return new Map(entries.map((c) => [c.id, { id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messageCount }]));
  } catch {
    return undefined;
  }
}
