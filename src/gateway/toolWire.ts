// Chat request fields for tool calling and image input, in the openai SDK's wire types.
import type OpenAI from 'openai';
import type { ChatMessage, ChatRequest } from './types';
import type { ToolResultMessage } from './toolTypes';

export function wireMessage(m: ChatMessage | ToolResultMessage): OpenAI.ChatCompletionMessageParam {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    return {
      role: 'assistant',
      // OpenAI wants null, not "", beside tool calls; some gateways reject the empty string.
      content: m.content === '' ? null : m.content,
      tool_calls: m.toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.rawArguments.trim() !== '' ? call.rawArguments : JSON.stringify(call.arguments) },
      })),
    };
  }
  if (m.role === 'user' && m.images && m.images.length > 0) {
    const parts: OpenAI.ChatCompletionContentPart[] = [];
    if (m.content !== '') parts.push({ type: 'text', text: m.content });
    for (const image of m.images) parts.push({ type: 'image_url', image_url: { url: image.url, ...(image.detail ? { detail: image.detail } : {}) } });
    return { role: 'user', content: parts };
  }
  return { role: m.role, content: m.content };
}

/** `tools`, `tool_choice` and `parallel_tool_calls`, only when the request has tools. */
export function toolFields(req: ChatRequest): Partial<OpenAI.ChatCompletionCreateParamsStreaming> {
  if (!req.tools || req.tools.length === 0) return {};
  const fields: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {
    tools: req.tools.map((fn): OpenAI.ChatCompletionFunctionTool => ({ type: 'function', function: fn })),
  };
  const choice = req.toolChoice;
  if (choice !== undefined) fields.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  if (req.parallelToolCalls !== undefined) fields.parallel_tool_calls = req.parallelToolCalls;
  return fields;
}

/** The text a message adds to the prompt, for token estimates: content, tool-call arguments. */
export function promptText(m: ChatMessage | ToolResultMessage): string {
  if (m.role !== 'tool' && m.toolCalls) return m.content + m.toolCalls.map((c) => c.name + c.rawArguments).join('');
  return m.content;
}
