// Writes a Server-Sent Events body, applying stream faults at the socket level: resets really send
// a TCP RST, stalls really stop sending, byte splits really go out as separate tiny writes.
import type { ServerResponse } from 'node:http';
import type { StreamFault } from './faults';
import { writeHuge } from './bigFaults';
import { resetSocket } from './http-io';
import type { SimState } from './state';
import { seededRandom } from '../support/seededRandom';

export interface SseEvent {
  /** JSON text of the chunk, or "[DONE]". */
  data: string;
  /** Whether the event carries text (content or reasoning); fault thresholds count these. */
  counts: boolean;
}

type Faults = { [K in StreamFault['kind']]?: Extract<StreamFault, { kind: K }> };

export async function writeSse(
  res: ServerResponse,
  events: readonly SseEvent[],
  streamFaults: readonly StreamFault[],
  sim: SimState,
): Promise<void> {
  const f: Faults = {};
  for (const fault of streamFaults) (f as Record<string, StreamFault>)[fault.kind] = fault;
  const eol = f.crlf ? '\r\n' : '\n';
  const delayMs = f.slow ? f.slow.chunkDelayMs : sim.chunkDelayMs;
  const socket = res.socket;
  const gone = (): boolean => sim.closed || res.destroyed || !socket || socket.destroyed;
  const rand = seededRandom(0x5eed);
  let lastWrite: Promise<void> = Promise.resolve();

  const emit = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8');
    const pieces = f['byte-split'] ? byteSlices(bytes, rand) : [bytes];
    for (const piece of pieces) {
      if (gone()) return;
      lastWrite = new Promise((resolve) => res.write(piece, () => resolve()));
      if (res.writableNeedDrain) await drained(res);
      // A turn of the event loop between slices so they leave as separate TCP segments.
      if (pieces.length > 1) await new Promise((resolve) => setImmediate(resolve));
    }
  };

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  if (f['sse-extras']) await emit(`: connected${eol}${eol}retry: 3000${eol}${eol}`);
  if (f['huge-line']) {
    // One line that never ends: a parser that keeps it all grows without bound.
    await writeHuge(res, 'data: ', f['huge-line'].bytes, sim);
    return;
  }

  let counted = 0;
  let malformedSent = false;
  for (const [index, event] of events.entries()) {
    if (gone()) return;
    if (f['reset-mid-stream'] && counted >= f['reset-mid-stream'].afterChunks) {
      await lastWrite;
      if (socket) resetSocket(socket);
      return;
    }
    // Stalled: keep the socket open and silent; close() destroys it.
    if (f.stall && counted >= f.stall.afterChunks) return;
    if (f['malformed-chunk'] && !malformedSent && counted >= f['malformed-chunk'].afterChunks) {
      malformedSent = true;
      await emit(`data: {not json${eol}${eol}`);
    }
    if (f['in-band-error'] && counted >= f['in-band-error'].afterChunks) {
      const { code, type, message } = f['in-band-error'];
      const error = { message: message ?? 'The gateway refused this request.', ...(code ? { code } : {}), ...(type ? { type } : {}) };
      await emit(`data: ${JSON.stringify({ error })}${eol}${eol}`);
      if (!gone()) res.end();
      return;
    }
    if (f['sse-extras'] && index % 2 === 1) await emit(`: keep-alive${eol}${eol}`);
    await emit(`data: ${event.data}${eol}${eol}`);
    if (event.counts) counted += 1;
    if (delayMs > 0 && index < events.length - 1) await sim.sleep(delayMs);
  }
  if (!gone()) res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Slices of 1–16 bytes, always cutting just after the lead byte of every multi-byte UTF-8 character. */
export function byteSlices(bytes: Buffer, rand: () => number): Buffer[] {
  const cuts = new Set<number>();
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xc0) cuts.add(i + 1);
  for (let at = 1 + Math.floor(rand() * 16); at < bytes.length; at += 1 + Math.floor(rand() * 16)) cuts.add(at);
  const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const slices: Buffer[] = [];
  let start = 0;
  for (const cut of sorted) {
    slices.push(bytes.subarray(start, cut));
    start = cut;
  }
  slices.push(bytes.subarray(start));
  return slices;
}

