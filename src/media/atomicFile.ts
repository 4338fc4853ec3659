// Writes a generated file so that its final name only ever holds a complete, checked file: the
// bytes go to a hidden temporary file beside it, and only after the stream ended (and the caller's
// check passed) is it moved to the final name, without overwriting anything already there. On any
// failure the temporary file is deleted. Plain Node, no vscode.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { isSafeFileName, withCollisionSuffix } from './fileNames';

export type ByteSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface AtomicWriteOptions {
  signal?: AbortSignal;
  /** Looks at the complete temporary file; throwing refuses it (the temp file is then deleted). */
  verify?: (tempPath: string) => Promise<void>;
  /** How many "-2", "-3" … names to try when the name is taken. */
  maxSuffix?: number;
}

/** A final name, or one decided after `verify` (e.g. the extension the bytes revealed). */
export type FinalName = string | { provisional: string; decide: () => string };

const TEMP_SUFFIX = '.part';

/** The hidden temporary name for a file being written: `.name.mp4.<random>.part`. */
export function tempNameFor(fileName: string): string {
  return `.${fileName}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
}

function toReadable(source: ByteSource): Readable {
  if (source instanceof Uint8Array) return Readable.from([source]);
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    return Readable.fromWeb(source as unknown as NodeWebReadableStream<Uint8Array>);
  }
  return Readable.from(source as AsyncIterable<Uint8Array>);
}

/**
 * Streams `source` into `folder/fileName` (or `fileName-2` … when taken) and returns the final
 * path. `folder` must already be confined; `fileName` must be a safe single segment.
 */
export async function writeFileAtomically(folder: string, name: FinalName, source: ByteSource, options: AtomicWriteOptions = {}): Promise<string> {
  const provisional = typeof name === 'string' ? name : name.provisional;
  if (!isSafeFileName(provisional)) throw new Error(`Refusing to write a file named "${provisional}".`);
  const temp = path.join(folder, tempNameFor(provisional));
  try {
    // 'wx': never follow or reuse something already at the temporary name.
    await pipeline(toReadable(source), createWriteStream(temp, { flags: 'wx', flush: true }), ...(options.signal ? [{ signal: options.signal }] : []));
    if (options.verify) await options.verify(temp);
    const fileName = typeof name === 'string' ? name : name.decide();
    if (!isSafeFileName(fileName)) throw new Error(`Refusing to write a file named "${fileName}".`);
    return await placeWithoutOverwrite(temp, folder, fileName, options.maxSuffix ?? 999);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Moves `temp` to the first free name; a hard link makes "only if free" atomic where supported. */
async function placeWithoutOverwrite(temp: string, folder: string, fileName: string, maxSuffix: number): Promise<string> {
  let linkWorks = true;
  for (let n = 1; n <= maxSuffix + 1; n++) {
    const target = path.join(folder, withCollisionSuffix(fileName, n));
    if (linkWorks) {
      try {
        await link(temp, target);
        await unlink(temp);
        return target;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // File systems without hard links: check-then-rename, which is what remains possible there.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV' || code === 'ENOSYS' || code === 'EMLINK') linkWorks = false;
        else throw error;
      }
    }
    if (await exists(target)) continue;
    await rename(temp, target);
    return target;
  }
  throw new Error(`Could not find a free name for ${fileName} in ${folder}.`);
}

/** The first `length` bytes of a file. */
export async function readHead(file: string, length = 32): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Deletes temporary files a crashed write of `fileName` left behind in `folder`. */
export async function removeStaleTemps(folder: string, fileNamePrefix: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(folder).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry.startsWith(`.${fileNamePrefix}`) && entry.endsWith(TEMP_SUFFIX)) {
      await rm(path.join(folder, entry), { force: true }).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
