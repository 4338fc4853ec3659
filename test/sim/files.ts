// Generated media: stored in memory and served under <base>/files/<name>, without auth, the way
// gateways hand out CDN links.
import type { Gateway } from './errors';
import { sendError } from './errors';
import { sendBytes, type RouteContext } from './http-io';
import { gradientPng, tinyMp4 } from './media';
import type { SimState } from './state';
import type { VideoTask } from './videos';

export function serveFile(ctx: RouteContext, name: string, gateway: Gateway, sim: SimState): void {
  const file = sim.files.get(name);
  if (!file || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
    sendError(ctx.res, gateway, 404, 'File not found.', { type: 'not_found' });
    return;
  }
  if (ctx.method === 'HEAD') {
    ctx.res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
    ctx.res.end();
    return;
  }
  sendBytes(ctx.res, 200, file.bytes, file.contentType, { 'cache-control': 'public, max-age=86400' });
}

export type ImageEntry = { url: string } | { b64_json: string };

/** n PNGs for the prompt, as links the sim serves or inline base64. */
export function generateImages(sim: SimState, basePath: string, prompt: string, n: number, format: unknown): ImageEntry[] {
  const entries: ImageEntry[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = gradientPng(`${prompt}#${i}`);
    if (format === 'b64_json') {
      entries.push({ b64_json: bytes.toString('base64') });
    } else {
      const name = sim.storeFile('png', { bytes, contentType: 'image/png' });
      entries.push({ url: `${sim.url}${basePath}/files/${name}` });
    }
  }
  return entries;
}

export function videoUrl(sim: SimState, basePath: string, task: VideoTask): string {
  const name = `${task.id}.mp4`;
  if (!sim.files.has(name)) sim.storeFile('mp4', { bytes: tinyMp4(task.prompt), contentType: 'video/mp4' }, task.id);
  return `${sim.url}${basePath}/files/${name}`;
}
