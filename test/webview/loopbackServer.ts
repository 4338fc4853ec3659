import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticFile {
  contentType: string;
  body: string | Buffer;
}

export interface LoopbackServer {
  /** Base URL, no trailing slash. */
  url: string;
  /** How many requests reached `path` so far. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** A 1×1 transparent PNG, served for every path under /img/. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** Serves fixed files on 127.0.0.1 (random port) and counts every request by path. */
export async function startLoopbackServer(files: (() => Record<string, StaticFile>) | Record<string, StaticFile>): Promise<LoopbackServer> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const table = typeof files === 'function' ? files() : files;
    const file = table[path] ?? (path.startsWith('/img/') ? { contentType: 'image/png', body: PIXEL_PNG } : undefined);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
