// The simulator as a tool-calling model: scripted tool calls as a whole message or streamed in the
// shapes real gateways use, and the checks OpenAI makes on the tool messages that come back.
import { randomBytes } from 'node:crypto';
import { isObject } from './http-io';
import { splitText } from './reply';
import type { ReceivedToolResult, ScriptedReply, ScriptedToolCall } from './types';

export interface SentToolCall {
  id: string;
  index: number;
  name: string;
  /** What goes on the wire: the JSON text, or the object for the 'object' style. */
  argumentsText: string;
  argumentsObject?: Record<string, unknown>;
}

const DEFAULT_ARGUMENT_CHUNKS = 3;

export function sentToolCalls(calls: readonly ScriptedToolCall[]): SentToolCall[] {
  return calls.map((call, position) => ({
    id: call.id ?? `call_${randomBytes(9).toString('hex')}`,
    index: call.index ?? position,
    name: call.name,
    argumentsText: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    ...(typeof call.arguments === 'string' ? {} : { argumentsObject: call.arguments }),
  }));
}

/** `message.tool_calls` of a non-streamed answer. */
export function messageToolCalls(calls: readonly SentToolCall[]): unknown[] {
  return calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsText } }));
}

/** The `delta.tool_calls` array of each streamed chunk, in order. */
export function toolCallDeltas(calls: readonly SentToolCall[], script: ScriptedReply): unknown[][] {
  const style = script.toolCallStyle ?? 'fragments';
  if (style === 'whole' || style === 'object') {
    return [
      calls.map((c) => ({
        index: c.index,
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: style === 'object' && c.argumentsObject ? c.argumentsObject : c.argumentsText },
      })),
    ];
  }
  const pieces = Math.max(1, script.argumentChunks ?? DEFAULT_ARGUMENT_CHUNKS);
  const perCall = calls.map((c) => [
    [{ index: c.index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
    ...splitText(c.argumentsText, pieces).map((piece) => [{ index: c.index, function: { arguments: piece } }]),
  ]);
  if (style === 'fragments') return perCall.flat();
  const out: unknown[][] = [];
  for (let step = 0; perCall.some((fragments) => step < fragments.length); step++) {
    for (const fragments of perCall) if (step < fragments.length) out.push(fragments[step]);
  }
  return out;
}

/**
 * OpenAI's rules for the tool messages of a request: each answers a call of the assistant message
 * before it by `tool_call_id`, and every call gets an answer. The problem in OpenAI's words, or the
 * results when the messages are fine.
 */
export function checkToolMessages(messages: readonly unknown[], path: string): { problem: string } | { results: ReceivedToolResult[] } {
  const results: ReceivedToolResult[] = [];
  let open = new Map<string, string>();
  for (const [i, m] of messages.entries()) {
    if (!isObject(m)) continue;
    if (m.role === 'tool') {
      const id = m.tool_call_id;
      if (typeof id !== 'string' || id === '') return { problem: `Missing parameter 'tool_call_id': messages[${i}] with role 'tool' must have a 'tool_call_id'.` };
      if (!open.has(id)) {
        return { problem: `Invalid parameter: messages[${i}] with role 'tool' must be a response to a preceding message with 'tool_calls' (no call has the id '${id.slice(0, 80)}').` };
      }
      results.push({ toolCallId: id, name: open.get(id), content: m.content, path });
      open.delete(id);
      continue;
    }
    if (open.size > 0) {
      return { problem: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open.keys()].join(', ')}` };
    }
    open = new Map();
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls) {
        const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
        if (!isObject(call) || typeof call.id !== 'string' || !fn || typeof fn.name !== 'string' || typeof fn.arguments !== 'string') {
          return { problem: `Invalid 'messages[${i}].tool_calls': each needs an id and a function with a name and arguments (a JSON string).` };
        }
        open.set(call.id, fn.name);
      }
    }
  }
  if (open.size > 0) {
    return { problem: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open.keys()].join(', ')}` };
  }
  return { results };
}

/** A problem with `tools` / `tool_choice` / image parts in a chat body, or undefined. */
export function toolFieldsProblem(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return "Invalid type for 'tools': expected an array.";
    for (const [i, tool] of tools.entries()) {
      const fn = isObject(tool) ? tool.function : undefined;
      if (!isObject(tool) || tool.type !== 'function' || !isObject(fn) || typeof fn.name !== 'string' || !/^[\w-]{1,64}$/.test(fn.name)) {
        return `Invalid 'tools[${i}]': expected {type: 'function', function: {name, description?, parameters?}} with a name of letters, digits, _ or -.`;
      }
    }
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (tools === undefined) return "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
    const named = isObject(choice) && choice.type === 'function' && isObject(choice.function) && typeof choice.function.name === 'string';
    if (!named && !['auto', 'required', 'none'].includes(choice as string)) return "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named function.";
  }
  for (const [i, m] of (Array.isArray(body.messages) ? body.messages : []).entries()) {
    if (!isObject(m) || !Array.isArray(m.content)) continue;
    for (const part of m.content) {
      if (!isObject(part) || part.type !== 'image_url') continue;
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string' || !/^(?:https?:\/\/|data:image\/[\w.+-]+;base64,)/.test(url)) return `Invalid image in messages[${i}]: expected an http(s) URL or a base64 data URL.`;
    }
  }
  return undefined;
}

/** Validates a script posted to /__sim/script. */
export function scriptProblem(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.text !== 'string') return 'expected {text, reasoning?, chunks?, toolCalls?, toolCallStyle?, argumentChunks?, finishReason?, marker?}';
  if (body.reasoning !== undefined && typeof body.reasoning !== 'string') return 'reasoning must be a string';
  for (const field of ['chunks', 'argumentChunks']) {
    const n = body[field];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) > 0)) return `${field} must be a positive integer`;
  }
  if (body.toolCallStyle !== undefined && !['fragments', 'interleaved', 'whole', 'object'].includes(body.toolCallStyle as string)) {
    return "toolCallStyle must be 'fragments', 'interleaved', 'whole' or 'object'";
  }
  for (const field of ['finishReason', 'marker']) if (body[field] !== undefined && typeof body[field] !== 'string') return `${field} must be a string`;
  if (body.toolCalls !== undefined) {
    if (!Array.isArray(body.toolCalls)) return 'toolCalls must be an array';
    for (const call of body.toolCalls) {
      if (!isObject(call) || typeof call.name !== 'string' || !(typeof call.arguments === 'string' || isObject(call.arguments))) {
        return 'each tool call needs a name and arguments (an object, or text sent as is)';
      }
      if (call.id !== undefined && typeof call.id !== 'string') return 'a tool call id must be a string';
      if (call.index !== undefined && !(Number.isInteger(call.index) && (call.index as number) >= 0)) return 'a tool call index must be a non-negative integer';
    }
  }
  return undefined;
}
