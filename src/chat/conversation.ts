import type { AgentTaskView, ChatMessageView, ContextChipView, HostToWebview } from '../shared/protocol';
import { replaceWorkspaceImageReferences } from '../shared/workspaceImages';

/** What one conversation file holds. Versioned so a later format can migrate old files. */
export interface Conversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  provider: string;
  model: string;
  messages: ChatMessageView[];
  /** Context attached to the next message, not yet sent. */
  pendingContext: ContextAttachment[];
  /** The context each user message was sent with, including the text, so Retry sends the same. */
  attachments: Record<string, ContextAttachment[]>;
  /** Agent tasks started in this conversation (their messages carry the task's id). */
  tasks?: AgentTaskView[];
}

export interface ContextAttachment extends ContextChipView {
  content: string;
}

export function newConversation(id: string, provider: string, model: string, now: number): Conversation {
  return { version: 1, id, title: 'New chat', createdAt: now, updatedAt: now, provider, model, messages: [], pendingContext: [], attachments: {} };
}

/** What tells the page a message has ended: its status, and its cost and error when it has them. */
export function messageUpdated(m: ChatMessageView): Extract<HostToWebview, { type: 'messageUpdated' }> {
  return { type: 'messageUpdated', id: m.id, status: m.status, ...(m.cost ? { cost: m.cost } : {}), ...(m.error ? { error: m.error } : {}) };
}

/** A title from the first user message: its first line, trimmed to a readable length. */
export function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? 'New chat';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** `imageLink` turns a workspace image reference into a link the exported file can show (a file URI). */
export function toMarkdown(conversation: Conversation, imageLink: (reference: string) => string | undefined = () => undefined): string {
  const parts = [`# ${conversation.title}`, ''];
  for (const m of conversation.messages) {
    parts.push(m.role === 'user' ? '## You' : `## Switchboard${m.model ? ` (${m.model})` : ''}`, '');
    if (m.context?.length) parts.push(`Context: ${m.context.map((c) => c.label).join(', ')}`, '');
    if (m.reasoning) parts.push('<details><summary>Thinking</summary>', '', m.reasoning, '', '</details>', '');
    parts.push(replaceWorkspaceImageReferences(m.text, imageLink), '');
    if (m.status === 'stopped') parts.push('_(stopped)_', '');
    if (m.error) parts.push(`> Error: ${m.error.explanation}`, '');
  }
  return parts.join('\n');
}
