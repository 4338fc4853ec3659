// Faults that test the client's bounds: bodies far larger than any honest answer, and exchanges
// that go silent. Huge bodies are written piece by piece with back-pressure, so the count of bytes
// the socket accepted shows how much the client really read before it let go.
import type { ServerResponse } from 'node:http';
import type { SimState } from './state';

const PIECE = 64 * 1024;

/** Writes `prefix` then filler up to `total` bytes, stopping as soon as the client goes away. */
export async function writeHuge(res: ServerResponse, prefix: string, total: number, sim: SimState): Promise<void> {
  const head = Buffer.from(prefix, 'utf8');
  const filler = Buffer.alloc(PIECE, 'x');
  let sent = 0;
  const gone = (): boolean => sim.closed || res.destroyed || !res.socket || res.socket.destroyed;
  while (sent < total && !gone()) {
    const piece = sent === 0 ? Buffer.concat([head, filler]).subarray(0, Math.min(PIECE, total)) : filler.subarray(0, Math.min(PIECE, total - sent));
    const ok = await new Promise<boolean>((resolve) => res.write(piece, (error) => resolve(!error)));
    if (!ok) return;
    sent += piece.length;
    sim.faultBytesSent += piece.length;
  }
}

/** Keeps the request open without a word until the client or the simulator closes it. */
export function neverAnswer(res: ServerResponse): void {
  // Nothing to do: the socket stays open; close() destroys it, a client abort closes it.
  res.socket?.setTimeout(0);
}

/** Headers and the first bytes of a body that never finishes. */
export function stallBody(res: ServerResponse, afterBytes: number, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(afterBytes + 1024 * 1024) });
  res.write(Buffer.alloc(afterBytes, 0x89));
}
