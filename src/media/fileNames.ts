// Names for generated files. Everything that reaches a file name started as a prompt or a gateway's
// answer, so it is reduced to lower-case ASCII words and checked again before any write.
import slugify from '@sindresorhus/slugify';

export const MAX_SLUG_LENGTH = 50;

// Windows refuses these as a file's base name whatever the extension ("con.png" included).
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A file-name-safe slug of a prompt: transliterated to ASCII, lower case, words joined by "-",
 * cut at a word boundary to at most MAX_SLUG_LENGTH characters. Nothing usable: the fallback.
 */
export function slugFromPrompt(prompt: string, fallback = 'image'): string {
  // Control characters become spaces first so they split words rather than join them.
  const spaced = prompt.replace(new RegExp(CONTROL.source, 'g'), ' ');
  const ascii = slugify(spaced, { decamelize: false, separator: '-', lowercase: true })
    // The library's output is already ASCII; this keeps the guarantee local and visible.
    .replace(/[^a-z0-9-]+/g, '-');
  let slug = '';
  for (const word of ascii.split('-')) {
    if (!word) continue;
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) {
      // One long word with nothing before it is cut rather than dropped.
      if (!slug) slug = word.slice(0, MAX_SLUG_LENGTH);
      break;
    }
    slug = next;
  }
  if (!slug || WINDOWS_RESERVED.test(slug)) return slug ? `${slug}-${fallback}` : fallback;
  return slug;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYYMMDD-HHmmss` in local time: sorts by time and reads like a date. */
export function fileTimestamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The base name (no extension) of a file generated from a prompt at a time. */
export function mediaBaseName(prompt: string, date: Date, fallback = 'image'): string {
  return `${slugFromPrompt(prompt, fallback)}-${fileTimestamp(date)}`;
}

/** `name.png` → `name-2.png` for the second file that wants the same name. */
export function withCollisionSuffix(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}` : `${fileName}-${n}`;
}

/**
 * The last gate before a write: a single path segment that cannot climb, hide, carry control
 * characters or hit a reserved Windows name. Names built by this module always pass.
 */
export function isSafeFileName(name: string): boolean {
  if (!name || name.length > 200) return false;
  if (name.startsWith('.') || name.endsWith('.') || name.endsWith(' ')) return false;
  if (/[/\\:*?"<>|]/.test(name) || CONTROL.test(name)) return false;
  if (WINDOWS_RESERVED.test(name)) return false;
  return true;
}
