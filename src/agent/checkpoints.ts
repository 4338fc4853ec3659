// Before a task first changes a file, the file's bytes (or the fact it did not exist) are stored
// under the extension's storage folder, so Restore Checkpoint can put every file back exactly, even
// after a window reload. Plain Node so it is unit-tested on a real file system.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../media/confine';

interface Entry {
  /** Absolute path of the workspace file. */
  readonly file: string;
  /** Blob name under the checkpoint folder holding the original bytes; absent when the task created the file. */
  readonly blob?: string;
}

interface Manifest {
  readonly version: 1;
  readonly root: string;
  readonly entries: Entry[];
}

export class Checkpoint {
  private manifest: Manifest | undefined;

  /** `folder` is this task's own folder under the extension's storage; `root` the workspace folder. */
  constructor(
    private readonly folder: string,
    private readonly root: string,
  ) {}

  private get manifestPath(): string {
    return path.join(this.folder, 'checkpoint.json');
  }

  private async load(): Promise<Manifest> {
    if (this.manifest) return this.manifest;
    try {
      const parsed = JSON.parse(await readFile(this.manifestPath, 'utf8')) as Manifest;
      this.manifest = { version: 1, root: parsed.root, entries: [...parsed.entries] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.manifest = { version: 1, root: this.root, entries: [] };
    }
    return this.manifest;
  }

  /** Records `file` as it is now, unless this task already recorded it. Call before every change. */
  async record(file: string): Promise<void> {
    const manifest = await this.load();
    if (manifest.entries.some((entry) => entry.file === file)) return;
    let original: Buffer | undefined;
    try {
      original = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(this.folder, { recursive: true });
    let blob: string | undefined;
    if (original) {
      blob = `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.bin`;
      await writeFileAtomic(path.join(this.folder, blob), original);
    }
    manifest.entries.push(blob ? { file, blob } : { file });
    await writeFileAtomic(this.manifestPath, JSON.stringify(manifest));
  }

  /** The files this task changed (absolute), in the order first changed. */
  async files(): Promise<{ file: string; created: boolean }[]> {
    const manifest = await this.load();
    return manifest.entries.map((entry) => ({ file: entry.file, created: entry.blob === undefined }));
  }

  /** Puts every recorded file back byte for byte and removes the files the task created. */
  async restore(): Promise<void> {
    const manifest = await this.load();
    for (const entry of manifest.entries) {
      // A manifest edited on disk must not turn restore into a write anywhere.
      if (!isInside(manifest.root, entry.file)) continue;
      if (entry.blob === undefined) {
        await unlink(entry.file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      } else {
        const bytes = await readFile(path.join(this.folder, path.basename(entry.blob)));
        await mkdir(path.dirname(entry.file), { recursive: true });
        await writeFile(entry.file, bytes);
      }
    }
  }

  /** Forgets the checkpoint (after the user keeps the task's changes). */
  async discard(): Promise<void> {
    this.manifest = { version: 1, root: this.root, entries: [] };
    await rm(this.folder, { recursive: true, force: true });
  }
}

// Storage writes go through a temporary name so a crash never leaves a half-written manifest.
async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}
