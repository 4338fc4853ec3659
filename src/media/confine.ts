// Where generated files may go: a folder inside a root (a workspace folder, or the folder the user
// picked), never outside it — not by "..", an absolute path, a drive letter, or a symlink that
// points elsewhere. Plain Node, no vscode, so unit tests exercise it on a real file system.
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when `child` is `parent` or below it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The segments of a workspace-relative folder setting, or an error saying why it is refused. */
export function relativeSegments(relative: string): string[] {
  const text = relative.trim();
  if (CONTROL.test(text)) throw new UnsafePathError(`The folder "${printable(text)}" contains control characters.`);
  if (path.isAbsolute(text) || path.win32.isAbsolute(text) || /^[a-zA-Z]:/.test(text) || text.startsWith('~')) {
    throw new UnsafePathError(`The folder "${text}" must be relative to the workspace folder, not an absolute path.`);
  }
  const segments = text.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw new UnsafePathError(`The folder "${text}" may not use "..": it must stay inside the workspace folder.`);
  return segments;
}

async function deepestExisting(target: string): Promise<{ real: string; rest: string[] }> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return { real: await realpath(current), rest };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

/**
 * The absolute folder for `relative` under `root`, resolved through every symlink that exists so
 * far; refused with UnsafePathError when it would land outside the root's real path.
 */
export async function confine(root: string, relative: string): Promise<string> {
  const segments = relativeSegments(relative);
  const rootReal = await realpath(root).catch(() => {
    throw new UnsafePathError(`The folder ${root} does not exist.`);
  });
  const { real, rest } = await deepestExisting(path.join(rootReal, ...segments));
  if (!isInside(rootReal, real)) {
    throw new UnsafePathError(`The folder "${relative.trim()}" leads outside ${rootReal} (through a symbolic link): refused.`);
  }
  return path.join(real, ...rest);
}

/** `absolute` (e.g. a folder picked in the Explorer) checked to lie inside `root`. */
export async function confineAbsolute(root: string, absolute: string): Promise<string> {
  const rootReal = await realpath(root).catch(() => root);
  const candidates = [path.relative(root, absolute), path.relative(rootReal, absolute)];
  const rel = candidates.find((r) => r === '' || (!r.startsWith('..') && !path.isAbsolute(r)));
  if (rel === undefined) throw new UnsafePathError(`${absolute} is not inside the workspace folder ${root}: refused.`);
  return confine(root, rel);
}

/** Creates the confined folder and checks again afterwards, so a link planted meanwhile is caught. */
export async function prepareFolder(root: string, relative: string): Promise<string> {
  const folder = await confine(root, relative);
  await mkdir(folder, { recursive: true });
  const real = await realpath(folder);
  const rootReal = await realpath(root);
  if (!isInside(rootReal, real)) throw new UnsafePathError(`The folder "${relative.trim()}" leads outside ${rootReal}: refused.`);
  return real;
}

function printable(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'g'), '?');
}
