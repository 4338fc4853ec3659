// The simulator's public contract. server.ts re-exports these names; other folders code against them.

export interface SimAccount {
  plan: 'free' | 'plus' | 'pro' | 'ultra';
  credits: number;
}

export interface SimOptions {
  host?: string;
  port?: number;
  helyxKeys?: Record<string, SimAccount>;
  heytokenKeys?: string[];
  /** Per key; off when undefined. */
  rateLimit?: { requests: number; windowMs: number };
  /** Polls until a video task completes. */
  videoSteps?: number;
  /** Delay between SSE chunks. */
  chunkDelayMs?: number;
}

export type SimFault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'html'; status: number }
  | { kind: 'reset-before-response' }
  | { kind: 'reset-mid-stream'; afterChunks: number }
  | { kind: 'json-for-stream' }
  | { kind: 'malformed-chunk'; afterChunks: number }
  | { kind: 'slow'; chunkDelayMs: number }
  | { kind: 'stall'; afterChunks: number }
  | { kind: 'byte-split' }
  | { kind: 'crlf' }
  | { kind: 'sse-extras' }
  /** An `{error:{…}}` chunk inside a 200 stream after `afterChunks` text chunks, with a text code. */
  | { kind: 'in-band-error'; afterChunks: number; code?: string; type?: string; message?: string }
  /** One `data:` line of `bytes` characters with no line end, then silence until the client gives up. */
  | { kind: 'huge-line'; bytes: number }
  /** The connection is accepted and the request read, but no status line or header is ever sent. */
  | { kind: 'headers-never-sent' }
  /** An error status whose body is `bytes` long (JSON that opens and never closes). */
  | { kind: 'huge-error-body'; status: number; bytes: number }
  /** A 200 with headers and `afterBytes` bytes of the body, then silence (a stalled download). */
  | { kind: 'stalled-body'; afterBytes: number; contentType?: string };

export interface FaultRule {
  fault: SimFault;
  /** Substring of the request path the fault applies to; any path when absent. */
  path?: string;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export interface ScriptedReply {
  text: string;
  reasoning?: string;
  /** Split text into this many chunks when streamed. */
  chunks?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface Simulator {
  url: string;
  helyxBaseUrl: string;
  heytokenBaseUrl: string;
  keys: { helyxPro: string; helyxFree: string; helyxEmpty: string; heytoken: string };
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  scriptReply(reply: ScriptedReply): void;
  setCredits(key: string, credits: number): void;
  credits(key: string): number;
  requests: RecordedRequest[];
  /** Body bytes a huge-error-body or huge-line fault got onto the socket before the client let go. */
  bytesSentByFaults(): number;
  close(): Promise<void>;
}
