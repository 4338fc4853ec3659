// "Only one download of this task at a time", across everything that may try: two pollers in this
// extension host, or two windows (which share global storage). A lock directory beside the task
// store, via proper-lockfile, which notices a lock whose owner died (stale) and lets it go.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export type Release = () => Promise<void>;

export interface DownloadLock {
  /** A release function, or undefined when someone else holds the lock right now. */
  tryAcquire(key: string): Promise<Release | undefined>;
}

export class FileDownloadLock implements DownloadLock {
  private readonly held = new Set<string>();

  constructor(
    private readonly folder: string,
    private readonly staleMs = 60_000,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  async tryAcquire(key: string): Promise<Release | undefined> {
    if (!/^[\w-]{1,80}$/.test(key)) throw new Error(`Invalid lock key "${key}".`);
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    try {
      await mkdir(this.folder, { recursive: true });
      const release = await lockfile.lock(this.folder, {
        lockfilePath: path.join(this.folder, `${key}.lock`),
        realpath: false,
        stale: this.staleMs,
        update: Math.floor(this.staleMs / 3),
        retries: 0,
        // The default throws from a timer; a lost lock only means another window may take over.
        onCompromised: (error) => this.onProblem(`Download lock ${key} was lost: ${error.message}`),
      });
      return async () => {
        this.held.delete(key);
        await release().catch(() => undefined);
      };
    } catch (error) {
      this.held.delete(key);
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
      throw error;
    }
  }
}
