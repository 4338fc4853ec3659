// "Only one download of this task at a time", across everything that may try: two pollers in this
// extension host, or two windows (which share global storage). A lock is a directory: creating
// one is atomic on every file system. Its owner touches it while working; one left untouched for
// `staleMs` (its owner crashed) is taken over.
//
// Hand-written rather than proper-lockfile: that library (through signal-exit and graceful-fs)
// patches process.emit and process.cwd, and the extension host is a process shared with every
// other extension.
import { mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export type Release = () => Promise<void>;

export interface DownloadLock {
  /** A release function, or undefined when someone else holds the lock right now. */
  tryAcquire(key: string): Promise<Release | undefined>;
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

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
      const dir = path.join(this.folder, `${key}.lock`);
      if (!(await this.create(dir))) {
        this.held.delete(key);
        return undefined;
      }
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(dir, now, now).catch((error: unknown) => this.onProblem(`Download lock ${key} could not be refreshed: ${String(error)}`));
      }, Math.max(1000, Math.floor(this.staleMs / 3)));
      heartbeat.unref?.();
      return async () => {
        clearInterval(heartbeat);
        this.held.delete(key);
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      };
    } catch (error) {
      this.held.delete(key);
      throw error;
    }
  }

  /** True when this call created the lock (taking over a stale one if need be). */
  private async create(dir: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await mkdir(dir);
        return true;
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      const modified = await stat(dir).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      if (modified !== undefined && Date.now() - modified < this.staleMs) return false;
      // Stale: move it aside first (only one contender's rename can succeed), then try again.
      const aside = `${dir}.stale-${randomBytes(4).toString('hex')}`;
      try {
        await rename(dir, aside);
        await rm(aside, { recursive: true, force: true });
      } catch (error) {
        if (code(error) !== 'ENOENT') throw error;
      }
    }
    return false;
  }
}
