import type { ChatMessage } from '../gateway/types';
import type { ChatMessageView } from '../shared/protocol';
import type { ContextAttachment } from './conversation';

export const SYSTEM_PROMPT =
  'You are Switchboard, a coding assistant inside VS Code. Answer in Markdown. Put code in fenced blocks with a language tag. Be concise and precise.';

/** A fence longer than any backtick run inside the content, so attached code cannot close it early. */
function fenceFor(content: string): string {
  const longest = Math.max(2, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function formatAttachment(a: ContextAttachment): string {
  const lines = a.startLine !== undefined ? ` (lines ${a.startLine}-${a.endLine ?? a.startLine})` : '';
  const fence = fenceFor(a.content);
  return `File: ${a.path}${lines}, language: ${a.language}\n${fence}${a.language}\n${a.content}\n${fence}`;
}

/** The messages sent to the gateway: the system prompt, then the transcript with each user message's attachments. */
export function buildRequestMessages(messages: readonly ChatMessageView[], attachments: Record<string, ContextAttachment[] | undefined>): ChatMessage[] {
  const out: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const m of messages) {
    if (m.role === 'user') {
      const context = attachments[m.id] ?? [];
      const content = context.length ? `${context.map(formatAttachment).join('\n\n')}\n\n${m.text}` : m.text;
      out.push({ role: 'user', content });
    } else if (m.text && m.status !== 'streaming') {
      out.push({ role: 'assistant', content: m.text });
    }
  }
  return out;
}
