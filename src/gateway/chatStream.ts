// Reads a chat response body into ChatEvents: SSE through eventsource-parser (fed by a streaming
// UTF-8 decoder, so characters split across network reads survive), or a plain JSON completion
// when the gateway ignored `stream: true`. This is the hot path of every reply: per network read it
// does one decode, one parser feed and one clock read; deltas from the same read are merged.
import { createParser } from 'eventsource-parser';
import { applyChunk, applyCompletion, inBandError, type StreamOutcome } from './chatChunks';
import { networkError, protocolError, type GatewayError } from './errors';
import type { ChatEvent } from './types';

export interface StreamHooks {
  /** Called for every network read: bytes arrived. */
  onBytes(): void;
  providerName?: string;
  url?: string;
}

function isJsonResponse(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

/** Yields text and reasoning events; usage, billing and the finish reason land in `outcome`. */
export async function* readChatResponse(response: Response, outcome: StreamOutcome, hooks: StreamHooks): AsyncGenerator<ChatEvent, void, undefined> {
  const body = response.body;
  if (!body) throw protocolError('the reply had no body', hooks.url);
  if (isJsonResponse(response)) {
    yield* readJsonCompletion(body, outcome, hooks);
    return;
  }

  const reader = body.getReader();
  const decoder = new TextDecoder();
  let batch: ChatEvent[] = [];
  let failure: GatewayError | undefined;
  const parser = createParser({
    onEvent(message) {
      if (failure || outcome.done) return;
      const data = message.data;
      if (data === '[DONE]') {
        outcome.done = true;
        return;
      }
      if (data === '') return;
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        failure = protocolError('a streamed chunk was not valid JSON', hooks.url);
        return;
      }
      try {
        if (message.event === 'error' && typeof chunk === 'object' && chunk !== null) {
          throw inBandError(chunk as Record<string, unknown>, hooks.providerName);
        }
        applyChunk(chunk, batch, outcome, hooks.providerName);
      } catch (error) {
        failure = error as GatewayError;
      }
    },
  });

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hooks.onBytes();
      parser.feed(decoder.decode(value, { stream: true }));
      if (batch.length > 0) {
        const ready = batch;
        batch = [];
        for (const event of ready) yield event;
      }
      if (failure) throw failure;
      if (outcome.done) break;
    }
    if (!outcome.done) {
      parser.feed(decoder.decode());
      parser.reset({ consume: true });
      for (const event of batch) yield event;
      if (failure) throw failure;
      // A clean end after a finish reason is fine (some gateways skip [DONE]); anything else was cut.
      if (!outcome.done && !outcome.finishReason) throw networkError('the stream ended before the reply finished', hooks.url, true);
    }
  } finally {
    // Stop reading: after [DONE], after an error, or because the consumer stopped iterating.
    reader.cancel().catch(() => undefined);
  }
}

async function* readJsonCompletion(body: ReadableStream<Uint8Array>, outcome: StreamOutcome, hooks: StreamHooks): AsyncGenerator<ChatEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hooks.onBytes();
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } finally {
    reader.releaseLock();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw protocolError('the reply was not valid JSON', hooks.url);
  }
  const events: ChatEvent[] = [];
  applyCompletion(parsed, events, outcome, hooks.providerName);
  yield* events;
}
