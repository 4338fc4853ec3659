// Small helpers around node:http that every route uses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path without the query string. */
  path: string;
  rawBody: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON (see jsonError). */
  json: unknown;
  jsonError: boolean;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(raw: string): { json: unknown; jsonError: boolean } {
  if (raw.trim() === '') return { json: undefined, jsonError: false };
  try {
    return { json: JSON.parse(raw) as unknown, jsonError: false };
  } catch {
    return { json: undefined, jsonError: true };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBytes(res, status, Buffer.from(JSON.stringify(body), 'utf8'), 'application/json; charset=utf-8', headers);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  bytes: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  // A fault's own headers may replace the content type, never the length.
  res.writeHead(status, { 'content-type': contentType, ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
}

export function bearerKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** Ends the connection with a TCP RST, as a crashed proxy would. */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
