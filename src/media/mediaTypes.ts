// Which media a file is, from its content type or its first bytes, and the extension it gets.

export type MediaKind = 'image' | 'video';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
};

/** Content types that say nothing about the media; the bytes then decide. */
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream', 'application/binary']);

export function isGenericContentType(contentType: string): boolean {
  return GENERIC.has(contentType.split(';')[0]!.trim().toLowerCase());
}

/** The media type the first bytes announce, when they announce one this module knows. */
export function sniffMediaType(head: Uint8Array): string | undefined {
  const at = (offset: number, ...bytes: number[]): boolean => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string): boolean => at(offset, ...Array.from(text, (c) => c.charCodeAt(0)));
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'BM')) return 'image/bmp';
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...head.slice(8, 12));
    if (/^(?:avif|avis)$/.test(brand)) return 'image/avif';
    return brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  if (at(0, 0x1a, 0x45, 0xdf, 0xa3)) return 'video/webm';
  return undefined;
}

/** The extension for a known content type of the expected kind; undefined otherwise. */
export function extensionFor(contentType: string, kind: MediaKind): string | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith(`${kind}/`) ? EXTENSIONS[type] : undefined;
}

/** Markdown image MIME types a webview can show inline from a data: URL. */
export function isInlineImageType(contentType: string): boolean {
  return /^image\/(?:png|jpeg|gif|webp)$/.test(contentType);
}
