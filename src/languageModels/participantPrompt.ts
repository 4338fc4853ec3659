// The messages @switchboard sends: Switchboard's system prompt, the earlier turns of this chat
// that were conversation (not /image or /video), files the user attached, then the question.
import type { ChatMessage } from '../gateway/types';
import { formatAttachment, SYSTEM_PROMPT } from '../chat/requestMessages';

export type HistoryTurn =
  | { role: 'user'; text: string; command?: string }
  | { role: 'assistant'; text: string; command?: string };

export interface Attachment {
  path: string;
  language: string;
  content: string;
  startLine?: number;
  endLine?: number;
}

/** Attached files are cut here: the whole prompt must still fit the model. */
export const MAX_ATTACHMENT_CHARS = 40_000;

export function participantMessages(history: readonly HistoryTurn[], prompt: string, attachments: readonly Attachment[] = []): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const turn of history) {
    if (turn.command || !turn.text.trim()) continue;
    messages.push({ role: turn.role, content: turn.text });
  }
  const context = attachments.map((a, i) =>
    formatAttachment({
      id: String(i),
      label: a.path,
      path: a.path,
      language: a.language,
      content: a.content.length > MAX_ATTACHMENT_CHARS ? `${a.content.slice(0, MAX_ATTACHMENT_CHARS)}\n… (cut)` : a.content,
      ...(a.startLine !== undefined ? { startLine: a.startLine } : {}),
      ...(a.endLine !== undefined ? { endLine: a.endLine } : {}),
    }),
  );
  messages.push({ role: 'user', content: context.length ? `${context.join('\n\n')}\n\n${prompt}` : prompt });
  return messages;
}
