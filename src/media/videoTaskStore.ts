// Video tasks on disk: one small JSON file per task in a folder under the extension's global
// storage, each written atomically (temporary file + rename), so a crash mid-write leaves the old
// version, and two windows (which share global storage) never overwrite each other's tasks.
// Plain Node, no vscode.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import { isProviderId } from '../gateway/providers';
import type { ProviderId } from '../gateway/providers';
import type { VideoTaskRecord } from './videoTask';

const str = (...checks: Parameters<ReturnType<typeof z.string>['check']>) => z.string().check(...checks);

const recordSchema = z.object({
  v: z.literal(1),
  id: str(z.regex(/^[\w-]{1,80}$/)),
  provider: str(z.refine(isProviderId)),
  taskId: str(z.minLength(1), z.maxLength(500)),
  model: str(z.maxLength(500)),
  prompt: str(z.maxLength(100_000)),
  target: z.object({ root: str(z.minLength(1)), folder: z.string(), baseName: str(z.minLength(1), z.maxLength(200)) }),
  state: z.enum(['queued', 'running', 'downloading', 'done', 'failed', 'cancelled', 'timedout']),
  rawStatus: z.optional(z.string()),
  progress: z.optional(z.number().check(z.gte(0), z.lte(100))),
  videoUrl: z.optional(z.string()),
  error: z.optional(z.string()),
  failedAt: z.optional(z.enum(['gateway', 'poll', 'download'])),
  file: z.optional(z.string()),
  submittedAt: z.number(),
  waitingSince: z.number(),
  updatedAt: z.number(),
  finishedAt: z.optional(z.number()),
  credits: z.optional(z.number()),
});

export function parseRecord(raw: unknown): VideoTaskRecord | undefined {
  const parsed = recordSchema.safeParse(raw);
  return parsed.success ? { ...parsed.data, provider: parsed.data.provider as ProviderId } : undefined;
}

export class VideoTaskStore {
  /** Writes of one task run one after another, so an older state never lands after a newer one. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly folder: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  private fileFor(id: string): string {
    if (!/^[\w-]{1,80}$/.test(id)) throw new Error(`Invalid task id "${id}".`);
    return path.join(this.folder, `${id}.json`);
  }

  private serialize<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return next;
  }

  async loadAll(): Promise<VideoTaskRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const records: VideoTaskRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const record = await this.read(name.slice(0, -'.json'.length));
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.submittedAt - b.submittedAt);
  }

  async read(id: string): Promise<VideoTaskRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileFor(id), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const record = parseRecord(JSON.parse(text));
      if (!record || record.id !== id) throw new Error('unexpected shape');
      return record;
    } catch (error) {
      this.onProblem(`Ignoring unreadable video task file ${id}.json: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /**
   * Saves a task and returns what is stored. A task another window already finished ("done") is
   * never set back to an earlier state: that window's record wins and is returned.
   */
  save(record: VideoTaskRecord): Promise<VideoTaskRecord> {
    return this.serialize(record.id, async () => {
      const current = await this.read(record.id);
      if (current && current.state === 'done' && current.taskId === record.taskId && record.state !== 'done') return current;
      await mkdir(this.folder, { recursive: true });
      const file = this.fileFor(record.id);
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { encoding: 'utf8', flush: true });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw error;
      }
      return record;
    });
  }

  delete(id: string): Promise<void> {
    return this.serialize(id, () => rm(this.fileFor(id), { force: true }));
  }
}
