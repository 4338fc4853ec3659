// Reading image and video answers in the shapes gateways actually send.
import { mapVideoStatus } from './videoStatus';
import type { GeneratedImage, VideoTaskInfo } from './types';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function base64Bytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A data: URL's bytes and type, or undefined when it is not a base64 image data URL. */
export function decodeDataUrl(url: string): { data: Uint8Array; mimeType: string } | undefined {
  const match = /^data:(image\/[\w.+-]+)(?:;[\w-]+=[\w-]+)*;base64,([\s\S]*)$/i.exec(url.trim());
  if (!match) return undefined;
  return { mimeType: match[1]!.toLowerCase(), data: base64Bytes(match[2]!.replace(/\s+/g, '')) };
}

function imageFromUrl(url: string): GeneratedImage | undefined {
  if (url.startsWith('data:')) {
    const decoded = decodeDataUrl(url);
    return decoded ? { kind: 'b64', data: decoded.data, mimeType: decoded.mimeType } : undefined;
  }
  return /^https?:\/\//i.test(url) ? { kind: 'url', url } : undefined;
}

/** `/images/generations` body: `data[].url` or `data[].b64_json`, and `revised_prompt`. */
export function imagesFromGenerations(body: unknown): { images: GeneratedImage[]; revisedPrompt?: string } {
  const images: GeneratedImage[] = [];
  let revisedPrompt: string | undefined;
  const data = isObj(body) && Array.isArray(body.data) ? body.data : [];
  for (const entry of data) {
    if (!isObj(entry)) continue;
    revisedPrompt ??= str(entry.revised_prompt);
    const b64 = str(entry.b64_json);
    if (b64) {
      images.push({ kind: 'b64', data: base64Bytes(b64) });
      continue;
    }
    const url = str(entry.url);
    const image = url ? imageFromUrl(url) : undefined;
    if (image) images.push(image);
  }
  return revisedPrompt ? { images, revisedPrompt } : { images };
}

/**
 * Images in a chat model's answer: `message.images` (OpenRouter style), image parts of an array
 * `content`, markdown images and links found by a markdown lexer, and bare data: URLs.
 */
export async function imagesFromChatMessage(message: unknown): Promise<GeneratedImage[]> {
  if (!isObj(message)) return [];
  const urls: string[] = [];
  const collect = (part: unknown): void => {
    if (!isObj(part)) return;
    const imageUrl = part.image_url;
    const url = isObj(imageUrl) ? str(imageUrl.url) : str(imageUrl) ?? str(part.url);
    if (url) urls.push(url);
    const b64 = str(part.b64_json);
    if (b64) urls.push(`data:image/png;base64,${b64}`);
  };
  if (Array.isArray(message.images)) message.images.forEach(collect);
  if (Array.isArray(message.content)) message.content.forEach(collect);
  const text = typeof message.content === 'string' ? message.content : '';
  if (text) urls.push(...(await imageUrlsInMarkdown(text)));
  const seen = new Set<string>();
  const images: GeneratedImage[] = [];
  for (const url of urls) {
    if (seen.has(url)) continue;
    seen.add(url);
    const image = imageFromUrl(url);
    if (image) images.push(image);
  }
  return images;
}

const IMAGE_EXTENSION = /\.(?:png|jpe?g|gif|webp|avif|bmp)(?:[?#]|$)/i;

async function imageUrlsInMarkdown(text: string): Promise<string[]> {
  const { marked } = await import('marked');
  const images: string[] = [];
  const links: string[] = [];
  marked.walkTokens(marked.lexer(text), (token) => {
    if (token.type === 'image') images.push(token.href);
    else if (token.type === 'link' && IMAGE_EXTENSION.test(token.href)) links.push(token.href);
  });
  // The lexer does not treat a long bare data: URL as a link; pick those up directly.
  const dataUrls = text.match(/data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=]+/g) ?? [];
  return [...images, ...links, ...dataUrls];
}

/** The task id and first status of a `POST /videos/generations` answer. */
export function videoSubmission(body: unknown, onUnknownStatus?: (word: string) => void): { taskId?: string; rawStatus: string } {
  const root = isObj(body) ? body : {};
  const inner = isObj(root.data) ? root.data : root;
  const taskId = str(inner.task_id) ?? str(inner.id) ?? str(root.task_id) ?? str(root.id);
  const rawStatus = str(inner.status) ?? str(root.status) ?? 'queued';
  mapVideoStatus(rawStatus, onUnknownStatus);
  return taskId ? { taskId, rawStatus } : { rawStatus };
}

function findVideoUrl(node: Json): string | undefined {
  const direct = str(node.video_url) ?? str(node.url) ?? str(node.download_url) ?? str(node.output_url) ?? str(node.result_url);
  if (direct) return direct;
  for (const key of ['result', 'output', 'video', 'data']) {
    const child = node[key];
    if (isObj(child)) {
      const found = findVideoUrl(child);
      if (found) return found;
    }
    if (Array.isArray(child)) {
      for (const item of child) {
        if (typeof item === 'string' && /^https?:\/\//i.test(item)) return item;
        if (isObj(item)) {
          const found = findVideoUrl(item);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

function errorText(node: Json): string | undefined {
  const error = node.error;
  if (typeof error === 'string') return error.trim() || undefined;
  if (isObj(error)) return str(error.message) ?? str(error.code);
  return str(node.fail_reason) ?? str(node.failure_reason) ?? str(node.message);
}

/** A `GET /videos/generations/{id}` answer as VideoTaskInfo. */
export function videoTaskFrom(taskId: string, body: unknown, onUnknownStatus?: (word: string) => void): VideoTaskInfo {
  const root = isObj(body) ? body : {};
  const node = isObj(root.data) && !Array.isArray(root.data) ? root.data : root;
  const rawStatus = str(node.status) ?? str(root.status) ?? 'unknown';
  const status = mapVideoStatus(rawStatus, onUnknownStatus);
  const info: VideoTaskInfo = { taskId, status, rawStatus };
  const rawProgress = node.progress ?? root.progress;
  let progress = typeof rawProgress === 'string' ? Number.parseFloat(rawProgress) : rawProgress;
  if (typeof progress === 'number' && Number.isFinite(progress)) {
    if (progress > 0 && progress <= 1 && !Number.isInteger(progress)) progress *= 100;
    info.progress = Math.max(0, Math.min(100, progress));
  }
  const videoUrl = findVideoUrl(node);
  if (videoUrl) info.videoUrl = videoUrl;
  if (status === 'failed' || status === 'cancelled') {
    const error = errorText(node) ?? errorText(root);
    if (error) info.error = error;
  }
  return info;
}
