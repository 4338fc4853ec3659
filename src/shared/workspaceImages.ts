// An image saved into the workspace (e.g. by `/image`) is kept in the transcript as a reference,
// `switchboard-image:<workspace folder name>/<path in it>`, not as a multi-MB data: URL. The page
// knows each workspace folder's webview-resource base (asWebviewUri) and turns the reference into
// a URL under it; nothing outside those folders can be named, and nothing is fetched from the
// network. Plain TypeScript shared by the host (writes references) and the webview (reads them).

export const WORKSPACE_IMAGE_SCHEME = 'switchboard-image:';

/** A workspace folder as the webview sees it: its name and its asWebviewUri base. */
export interface ImageRoot {
  name: string;
  base: string;
}

/** Generous: a reference is a folder name and a path, a few hundred characters at most in practice. */
const MAX_REFERENCE_LENGTH = 4096;
export const MAX_IMAGE_ROOTS = 64;

/** Percent-encodes a name or segment, parentheses too, so it is safe as a markdown link target. */
function encode(part: string): string {
  return encodeURIComponent(part).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The reference for `relativePath` ("/"-separated) inside the workspace folder named `folderName`. */
export function workspaceImageReference(folderName: string, relativePath: string): string {
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  if (!folderName || segments.length === 0 || segments.includes('..')) throw new Error(`Not a path inside a workspace folder: ${relativePath}`);
  return `${WORKSPACE_IMAGE_SCHEME}${encode(folderName)}/${segments.map(encode).join('/')}`;
}

export function isWorkspaceImageReference(src: string): boolean {
  return src.trim().toLowerCase().startsWith(WORKSPACE_IMAGE_SCHEME);
}

/** The folder name and path segments a reference names; undefined when it is malformed or climbs out. */
export function parseWorkspaceImageReference(src: string): { folder: string; segments: string[] } | undefined {
  const text = src.trim();
  if (text.length > MAX_REFERENCE_LENGTH || !isWorkspaceImageReference(text)) return undefined;
  const parts = text.slice(WORKSPACE_IMAGE_SCHEME.length).split('/');
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  const [folder, ...segments] = decoded;
  // A decoded "/" or "\" would make one segment two; ".." and "." would leave the folder.
  const bad = (s: string): boolean => s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s);
  if (!folder || segments.length === 0 || bad(folder) || segments.some(bad)) return undefined;
  return { folder, segments };
}

/** The workspace-relative path a reference shows to a person (for notices), or undefined. */
export function workspaceImagePath(src: string): string | undefined {
  const parsed = parseWorkspaceImageReference(src);
  return parsed ? parsed.segments.join('/') : undefined;
}

/** The webview-resource URL for a reference, when its folder is one of `roots`. */
export function resolveWorkspaceImage(src: string, roots: readonly ImageRoot[]): string | undefined {
  const parsed = parseWorkspaceImageReference(src);
  const root = parsed && roots.find((r) => r.name === parsed.folder);
  if (!parsed || !root) return undefined;
  return `${root.base.replace(/\/+$/, '')}/${parsed.segments.map(encodeURIComponent).join('/')}`;
}

/** True when `url` lies under one of `roots` (a page-made URL for a workspace image). */
export function isUnderImageRoot(url: string, roots: readonly ImageRoot[]): boolean {
  const text = url.trim();
  return roots.some((r) => {
    const base = `${r.base.replace(/\/+$/, '')}/`;
    if (!text.startsWith(base)) return false;
    // No climbing out by dot segments, encoded or not, and no query or fragment games.
    const rest = text.slice(base.length);
    return !/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(rest) && !/[?#\\]/.test(rest) && !/%2f|%5c/i.test(rest);
  });
}

/** `markdown` with each reference replaced by what `link` gives for it (kept when it gives nothing). */
export function replaceWorkspaceImageReferences(markdown: string, link: (reference: string) => string | undefined): string {
  return markdown.replace(/switchboard-image:[^\s)<>"']+/gi, (reference) => link(reference) ?? reference);
}

/** The roots the page was given (a JSON array), bounded and checked; [] when absent or malformed. */
export function parseImageRoots(json: string | null | undefined): ImageRoot[] {
  if (!json || json.length > 256 * 1024) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, MAX_IMAGE_ROOTS)
    .filter((r): r is ImageRoot => typeof r === 'object' && r !== null && typeof r.name === 'string' && typeof r.base === 'string' && /^https?:\/\//i.test(r.base))
    .map((r) => ({ name: r.name, base: r.base }));
}
