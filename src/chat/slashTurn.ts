// A slash command (`/image …`) runs outside the model: its user message and its answer (markdown,
// e.g. an image link to the saved file) go into the transcript like any other turn.
import { randomUUID } from 'node:crypto';
import type { ChatMessageView, CreditsView } from '../shared/protocol';
import { errorView } from '../errors/errorActions';
import { messageUpdated, titleFrom, type Conversation } from './conversation';
import type { Post, SlashCommand } from './sessionPorts';

export async function runSlashTurn(
  conversation: Conversation,
  call: { text: string; command: SlashCommand; args: string },
  broadcast: Post,
  credits: () => CreditsView | undefined,
): Promise<void> {
  const user: ChatMessageView = { id: randomUUID(), role: 'user', text: call.text, status: 'done', createdAt: Date.now() };
  const answer: ChatMessageView = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now() };
  if (conversation.messages.length === 0) conversation.title = titleFrom(call.text);
  conversation.messages.push(user, answer);
  broadcast({ type: 'messageAdded', message: user });
  broadcast({ type: 'messageAdded', message: answer });
  try {
    const result = await call.command(call.args);
    answer.text = result.markdown;
    answer.status = 'done';
    if (result.cost) answer.cost = result.cost;
  } catch (err) {
    answer.status = 'error';
    answer.error = errorView(err);
  }
  if (answer.text) broadcast({ type: 'messageDelta', id: answer.id, text: answer.text });
  broadcast(messageUpdated(answer));
  broadcast({ type: 'credits', credits: credits() });
}
