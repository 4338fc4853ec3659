// How much of anything a gateway sends Switchboard is willing to hold. Each bound is generous for
// an honest answer and small enough that a broken or hostile server cannot exhaust the extension
// host's memory: the reader stops at the bound and says so.
import { GatewayError } from './errors';

export const LIMITS = {
  /** An error body is read this far and no further: its message is a line, not a page. */
  errorBodyBytes: 64 * 1024,
  /** A GET /models answer. */
  modelsBytes: 4 * 1024 * 1024,
  /** Entries kept from a /models answer. */
  modelsCount: 2_000,
  /** One SSE line (an event is usually one line): 16 Mi characters fits an inline image. */
  sseLineChars: 16 * 1024 * 1024,
  /** One reply's text and reasoning together; a 4,096-token reply is about 16 K characters. */
  replyChars: 16 * 1024 * 1024,
  /** A non-streamed JSON chat answer (one that carries an image can be a few MB). */
  jsonReplyBytes: 32 * 1024 * 1024,
} as const;

export type StreamLimits = Pick<typeof LIMITS, 'sseLineChars' | 'replyChars'>;

export function tooMuchError(what: string, limit: string, url?: string): GatewayError {
  return new GatewayError({
    kind: 'too-large',
    explanation: `The gateway sent ${what} larger than Switchboard accepts (${limit}): stopped reading. What arrived before is kept.`,
    action: 'none',
    retryable: false,
    url,
  });
}

/** The body as text, reading at most `maxBytes` (the rest is cancelled unread). */
export async function readTextCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let read = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - read;
      if (value.byteLength > room) {
        text += decoder.decode(value.subarray(0, room), { stream: true });
        truncated = true;
        break;
      }
      read += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } finally {
    if (truncated) reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
  return { text, truncated };
}

/**
 * An error response with its body cut to `errorBodyBytes`, for the SDK to read as it likes: the
 * SDK reads a whole error body before it looks at it, and a 300 MB one would be read whole.
 */
export async function cappedErrorResponse(response: Response): Promise<Response> {
  const { text } = await readTextCapped(response.body, LIMITS.errorBodyBytes);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}
