// A generated file from a link into a folder: the gateway client checks status, content type and
// size while streaming; this adds the media check (a generic type must carry the right magic
// bytes) and the atomic placement. Plain Node, no vscode.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadOptions, DownloadResult } from '../gateway/types';
import { GatewayError } from '../gateway/errors';
import { readHead, writeFileAtomically } from './atomicFile';
import { extensionFor, isGenericContentType, sniffMediaType, type MediaKind } from './mediaTypes';

export interface Downloader {
  download(url: string, options?: DownloadOptions): Promise<DownloadResult>;
}

export interface DownloadToFolderOptions {
  folder: string;
  /** The file name without extension; the extension follows the media's type. */
  baseName: string;
  kind: MediaKind;
  maxBytes: number;
  signal?: AbortSignal;
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export interface SavedFile {
  path: string;
  contentType: string;
}

export function wrongMediaError(kind: MediaKind, found: string): GatewayError {
  return new GatewayError({
    kind: 'protocol',
    explanation: `The download is ${found || 'of no stated type'}, not ${kind === 'image' ? 'an image' : 'a video'}: refused.`,
    action: 'none',
    retryable: false,
  });
}

export async function downloadToFolder(downloader: Downloader, url: string, options: DownloadToFolderOptions): Promise<SavedFile> {
  const { kind } = options;
  const result = await downloader.download(url, {
    // The type is checked below rather than by the client, to say which media was expected.
    maxBytes: options.maxBytes,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let contentType = result.contentType;
  const generic = isGenericContentType(contentType);
  if (!generic && !contentType.startsWith(`${kind}/`)) {
    await result.body.cancel().catch(() => undefined);
    throw wrongMediaError(kind, contentType);
  }
  // A generic or unfamiliar type (say image/svg+xml) is kept only when the bytes show media we know.
  const extension = generic ? undefined : extensionFor(contentType, kind);
  let sniffedExtension: string | undefined;
  const verify = async (temp: string): Promise<void> => {
    const sniffed = sniffMediaType(await readHead(temp));
    if (sniffed && !sniffed.startsWith(`${kind}/`)) throw wrongMediaError(kind, `${sniffed} data labelled ${contentType}`);
    if (extension) return;
    const ext = sniffed ? extensionFor(sniffed, kind) : undefined;
    if (!sniffed || !ext) throw wrongMediaError(kind, contentType);
    contentType = sniffed;
    sniffedExtension = ext;
  };
  // Without a known type the extension is only decided once the bytes are in.
  const name = !extension ? { provisional: `${options.baseName}.download`, decide: () => `${options.baseName}.${sniffedExtension}` } : `${options.baseName}.${extension}`;
  const path = await writeFileAtomically(options.folder, name, result.body, {
    verify,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { path, contentType };
}

const VIDEO_EXTENSIONS = ['mp4', 'webm', 'mov', 'mkv'];
const IMAGE_EXTENSIONS = ['png', 'jpg', 'webp', 'gif', 'avif', 'bmp'];

/**
 * A complete earlier download of `baseName` in `folder`, if there is one. Only finished files ever
 * carry the final name, so finding one means a previous run got that far before it stopped.
 */
export async function existingDownload(folder: string, baseName: string, kind: MediaKind): Promise<string | undefined> {
  const extensions = kind === 'video' ? VIDEO_EXTENSIONS : IMAGE_EXTENSIONS;
  for (const extension of extensions) {
    const candidate = join(folder, `${baseName}.${extension}`);
    try {
      if ((await lstat(candidate)).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** A download failure in words for a person, naming the setting that governs the size cap. */
export function downloadFailureMessage(error: unknown): string {
  if (error instanceof GatewayError) {
    if (error.kind === 'too-large') return error.message.replace(/Raise the limit to keep it\.?/, 'Raise switchboard.media.maxDownloadMB to keep it.');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
