// Reads a chat response body into ChatEvents: SSE through eventsource-parser (fed by a streaming
// UTF-8 decoder, so characters split across network reads survive), or a plain JSON completion
// when the gateway ignored `stream: true`. This is the hot path of every reply: per network read it
// does one decode, one parser feed and one clock read; deltas from the same read are merged.
import { createParser } from 'eventsource-parser';
import { LIMITS, readTextCapped, tooMuchError, type StreamLimits } from './bounds';
import { applyChunkExtras, applyCompletion, inBandError, type StreamOutcome } from './chatChunks';
import { networkError, protocolError, type GatewayError } from './errors';
import { ToolCallAssembler } from './toolCallAssembler';
import type { ChatEvent } from './types';

export interface StreamHooks {
  /** Called for every network read: bytes arrived. */
  onBytes(): void;
  providerName?: string;
  /** The preset's billing field (HelyxAI's `helyx`). */
  billingField?: string;
  url?: string;
  /** LIMITS by default. */
  limits?: StreamLimits;
}

function isJsonResponse(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

/**
 * Yields text and reasoning events as they arrive, then the reply's tool calls once it has ended;
 * usage, billing and the finish reason land in `outcome`.
 */
export async function* readChatResponse(response: Response, outcome: StreamOutcome, hooks: StreamHooks): AsyncGenerator<ChatEvent, void, undefined> {
  const body = response.body;
  if (!body) throw protocolError('the reply had no body', hooks.url);
  if (isJsonResponse(response)) {
    yield* readJsonCompletion(body, outcome, hooks);
    return;
  }

  const reader = body.getReader();
  const decoder = new TextDecoder();
  // Deltas since the last yield, merged per kind in arrival order. Plain strings on the hot path:
  // this closure runs once per chunk, 10,000 times for a long reply.
  let batch: ChatEvent[] = [];
  let pending = '';
  let pendingKind: 'text' | 'reasoning' = 'text';
  const add = (kind: 'text' | 'reasoning', text: string): void => {
    if (kind !== pendingKind) {
      if (pending !== '') batch.push({ type: pendingKind, text: pending });
      pending = '';
      pendingKind = kind;
    }
    pending += text;
  };
  const takeBatch = (): ChatEvent[] => {
    if (pending !== '') batch.push({ type: pendingKind, text: pending });
    pending = '';
    const ready = batch;
    batch = [];
    return ready;
  };
  let failure: GatewayError | undefined;
  // Bounds: characters fed since the parser last completed an event (what it may be holding) and
  // characters of text and reasoning in this reply. Counted, not measured, to keep the hot path cheap.
  const lineLimit = hooks.limits?.sseLineChars ?? LIMITS.sseLineChars;
  const replyLimit = hooks.limits?.replyChars ?? LIMITS.replyChars;
  let sinceEvent = 0;
  let replyChars = 0;
  let tools: ToolCallAssembler | undefined;
  const parser = createParser({
    onComment() {
      sinceEvent = 0;
    },
    onEvent(message) {
      sinceEvent = 0;
      if (failure !== undefined || outcome.done) return;
      const data = message.data;
      if (data === '[DONE]') {
        outcome.done = true;
        return;
      }
      if (data === '') return;
      let chunk: Record<string, unknown>;
      try {
        chunk = JSON.parse(data) as Record<string, unknown>;
      } catch {
        failure = protocolError('a streamed chunk was not valid JSON', hooks.url);
        return;
      }
      if (typeof chunk !== 'object' || chunk === null) return;
      const choices = chunk.choices as Record<string, unknown>[] | undefined;
      if (choices != null && choices.length > 0) {
        const choice = choices[0];
        if (choice != null) {
          const delta = (choice.delta ?? choice.message) as Record<string, unknown> | undefined;
          if (delta != null) {
            const reasoning = delta.reasoning_content ?? delta.reasoning;
            const content = delta.content;
            replyChars += (typeof reasoning === 'string' ? reasoning.length : 0) + (typeof content === 'string' ? content.length : 0);
            if (replyChars > replyLimit) {
              failure = tooMuchError('a reply', `${replyLimit.toLocaleString('en-US')} characters`, hooks.url);
              return;
            }
            if (typeof reasoning === 'string' && reasoning !== '') add('reasoning', reasoning);
            if (typeof content === 'string' && content !== '') add('text', content);
            const toolCalls = delta.tool_calls;
            if (toolCalls != null) (tools ??= new ToolCallAssembler(hooks.url)).add(toolCalls);
          }
          const finish = choice.finish_reason;
          if (typeof finish === 'string' && finish !== '') outcome.finishReason = finish;
        }
      }
      if (chunk.usage != null || (hooks.billingField !== undefined && chunk[hooks.billingField] != null) || chunk.error != null || message.event === 'error') {
        try {
          if (message.event === 'error') throw inBandError(chunk, hooks.providerName);
          applyChunkExtras(chunk, outcome, hooks.providerName, hooks.billingField);
        } catch (error) {
          failure = error as GatewayError;
        }
      }
    },
  });

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hooks.onBytes();
      const text = decoder.decode(value, { stream: true });
      sinceEvent += text.length;
      parser.feed(text);
      if (pending !== '' || batch.length > 0) yield* takeBatch();
      if (failure) throw failure;
      if (sinceEvent > lineLimit) throw tooMuchError('one stream line', `${lineLimit.toLocaleString('en-US')} characters`, hooks.url);
      if (outcome.done) break;
    }
    if (!outcome.done) {
      parser.feed(decoder.decode());
      parser.reset({ consume: true });
      yield* takeBatch();
      if (failure) throw failure;
      // A clean end after a finish reason is fine (some gateways skip [DONE]); anything else was cut.
      if (!outcome.done && !outcome.finishReason) throw networkError('the stream ended before the reply finished', hooks.url, true);
    }
    if (tools) yield* toolCallEvents(tools, outcome);
  } finally {
    // After [DONE] the rest of the body is normally just its end: read it in the background so
    // the connection goes back to the pool. After an error, or when the consumer stopped
    // iterating, cancel (which closes the connection).
    if (outcome.done && failure === undefined) drainInBackground(reader);
    else reader.cancel().catch(() => undefined);
  }
}

/** The reply's tool calls, once it has ended; a reply that made calls ends with 'tool_calls' whatever word the gateway used. */
export function toolCallEvents(tools: ToolCallAssembler, outcome: StreamOutcome): ChatEvent[] {
  const calls = tools.finish();
  if (calls.length > 0 && (outcome.finishReason === undefined || outcome.finishReason === 'stop')) outcome.finishReason = 'tool_calls';
  return calls.map((call) => ({ type: 'toolCall', call }));
}

const DRAIN_LIMIT_MS = 5_000;

function drainInBackground(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const timer = setTimeout(() => reader.cancel().catch(() => undefined), DRAIN_LIMIT_MS);
  timer.unref();
  const pump = (): void => {
    reader.read().then(
      (result) => (result.done ? clearTimeout(timer) : pump()),
      () => clearTimeout(timer),
    );
  };
  pump();
}

async function* readJsonCompletion(body: ReadableStream<Uint8Array>, outcome: StreamOutcome, hooks: StreamHooks): AsyncGenerator<ChatEvent, void, undefined> {
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hooks.onBytes();
      controller.enqueue(chunk);
    },
  });
  const { text, truncated } = await readTextCapped(body.pipeThrough(counted), LIMITS.jsonReplyBytes);
  if (truncated) throw tooMuchError('a reply', `${LIMITS.jsonReplyBytes / (1024 * 1024)} MB`, hooks.url);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw protocolError('the reply was not valid JSON', hooks.url);
  }
  const events: ChatEvent[] = [];
  applyCompletion(parsed, events, outcome, hooks.providerName, hooks.billingField);
  yield* events;
  const choices = (parsed as { choices?: { message?: { tool_calls?: unknown } }[] } | null)?.choices;
  const toolCalls = Array.isArray(choices) ? choices[0]?.message?.tool_calls : undefined;
  if (toolCalls != null) {
    const tools = new ToolCallAssembler(hooks.url);
    // A whole message's calls are in order: the position is the index when a gateway leaves it out.
    tools.add(Array.isArray(toolCalls) ? toolCalls.map((call: unknown, index) => ({ index, ...(call as object) })) : toolCalls);
    yield* toolCallEvents(tools, outcome);
  }
}
