// OpenAI-format chat completions, as one JSON body or as SSE chunk events, shared by both gateways.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { TokenUsage } from './billing';
import type { StreamFault } from './faults';
import { sendJson } from './http-io';
import { DEFAULT_STREAM_CHUNKS, splitText } from './reply';
import { writeSse, type SseEvent } from './sse';
import type { SimState } from './state';
import { messageToolCalls, toolCallDeltas, type SentToolCall } from './toolCalls';
import type { ScriptedReply } from './types';

export interface HelyxBilling {
  credits_charged: number;
  credits_remaining: number;
}

export interface Completion {
  model: string;
  text: string;
  reasoning?: string;
  reasoningField: 'reasoning_content' | 'reasoning';
  /** Content chunks when streamed. */
  chunks?: number;
  usage: TokenUsage;
  /** HelyxAI only: reported on the JSON body or on the last chunk before [DONE]. */
  helyx?: HelyxBilling;
  /** Tool calls after the text, and the script that says how to stream them. */
  tools?: { calls: SentToolCall[]; script: ScriptedReply };
  finishReason?: string;
}

function finishReasonOf(c: Completion): string {
  return c.finishReason ?? (c.tools && c.tools.calls.length > 0 ? 'tool_calls' : 'stop');
}

const REASONING_CHUNKS = 8;

export function completionJson(c: Completion, id = newId()): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: c.text };
  if (c.reasoning) message[c.reasoningField] = c.reasoning;
  if (c.tools && c.tools.calls.length > 0) {
    message.tool_calls = messageToolCalls(c.tools.calls);
    if (c.text === '') message.content = null;
  }
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: c.model,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(c) }],
    usage: c.usage,
    ...(c.helyx ? { helyx: c.helyx } : {}),
  };
}

export function completionEvents(c: Completion, includeUsage: boolean, id = newId()): SseEvent[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model: c.model, choices, ...extra });
  const delta = (d: Record<string, unknown>, finish: string | null = null): unknown[] => [
    { index: 0, delta: d, finish_reason: finish },
  ];

  const events: SseEvent[] = [{ data: chunk(delta({ role: 'assistant', content: '' })), counts: false }];
  if (c.reasoning) {
    for (const piece of splitText(c.reasoning, REASONING_CHUNKS)) {
      events.push({ data: chunk(delta({ [c.reasoningField]: piece })), counts: true });
    }
  }
  for (const piece of splitText(c.text, c.chunks ?? DEFAULT_STREAM_CHUNKS)) {
    events.push({ data: chunk(delta({ content: piece })), counts: true });
  }
  if (c.tools) {
    for (const toolCalls of toolCallDeltas(c.tools.calls, c.tools.script)) events.push({ data: chunk(delta({ tool_calls: toolCalls })), counts: true });
  }
  const billing = c.helyx ? { helyx: c.helyx } : {};
  events.push({ data: chunk(delta({}, finishReasonOf(c)), includeUsage ? {} : billing), counts: false });
  if (includeUsage) events.push({ data: chunk([], { usage: c.usage, ...billing }), counts: false });
  events.push({ data: '[DONE]', counts: false });
  return events;
}

/** Answers as JSON or SSE, as the request asked, unless a stream fault says otherwise. */
export async function sendCompletion(
  res: ServerResponse,
  c: Completion,
  request: Record<string, unknown>,
  path: string,
  sim: SimState,
): Promise<void> {
  if (request.stream !== true) {
    sendJson(res, 200, completionJson(c));
    return;
  }
  const faults: StreamFault[] = sim.faults.takeStreamFaults(path);
  if (faults.some((f) => f.kind === 'json-for-stream')) {
    sendJson(res, 200, completionJson(c));
    return;
  }
  const options = request.stream_options as { include_usage?: unknown } | undefined;
  await writeSse(res, completionEvents(c, options?.include_usage === true), faults, sim);
}

function newId(): string {
  return `chatcmpl-${randomBytes(12).toString('hex')}`;
}
