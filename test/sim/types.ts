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

/** A tool call the simulated model makes. */
export interface ScriptedToolCall {
  name: string;
  /** An object (sent as its JSON text), or text sent exactly as given (e.g. cut short, to test truncated arguments). */
  arguments: Record<string, unknown> | string;
  /** Default: a fresh `call_…` id. */
  id?: string;
  /** The stream index; default the call's position. Give e.g. 0 and 2 for non-contiguous indexes. */
  index?: number;
}

export interface ScriptedReply {
  text: string;
  reasoning?: string;
  /** Split text into this many chunks when streamed. */
  chunks?: number;
  /** Tool calls after the text; the reply then ends with finish_reason "tool_calls". */
  toolCalls?: ScriptedToolCall[];
  /**
   * How streamed tool calls are cut. 'fragments' (default): per call, id and name in a first chunk,
   * then the arguments in `argumentChunks` chunks with only the index. 'interleaved': the same, but
   * the calls' fragments alternate (parallel calls). 'whole': every call complete, all in one chunk.
   * 'object': like 'whole' with `arguments` sent as a JSON object instead of a string.
   */
  toolCallStyle?: 'fragments' | 'interleaved' | 'whole' | 'object';
  /** Argument fragments per call for 'fragments' and 'interleaved'; default 3. */
  argumentChunks?: number;
  /** Overrides the finish reason (e.g. "length" beside truncated arguments). */
  finishReason?: string;
  /**
   * Only a request whose messages contain this text takes this reply, in queue order; unmarked
   * replies go to requests no marked reply matches. A multi-step agent task queues its turns under
   * one marker: the first answers with tool calls, the next (sent with the tool results) with text.
   */
  marker?: string;
}

/** A `tool` message a request carried, as the simulator received it. */
export interface ReceivedToolResult {
  toolCallId: string;
  /** The name of the call it answers, from the assistant message that made it. */
  name?: string;
  content: unknown;
  path: string;
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
  /** Every `tool` message the chat endpoints accepted, oldest first. */
  toolResults: ReceivedToolResult[];
  setCredits(key: string, credits: number): void;
  credits(key: string): number;
  requests: RecordedRequest[];
  /** Body bytes a huge-error-body or huge-line fault got onto the socket before the client let go. */
  bytesSentByFaults(): number;
  close(): Promise<void>;
}
