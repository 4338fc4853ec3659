import type {
  AgentTaskView,
  ChatMessageView,
  ChatStateView,
  EstimateView,
  HostToWebview,
  ModelView,
  ToolCardView,
} from '../../src/shared/protocol';

/**
 * What the views must redraw after a host message. The store never touches the DOM, so the
 * mapping from host messages to view changes is testable in Node.
 */
export type Change =
  | { kind: 'reset' }
  | { kind: 'transcript' }
  | { kind: 'messageAdded'; message: ChatMessageView }
  | { kind: 'messageReplaced'; message: ChatMessageView }
  | { kind: 'messageDelta'; message: ChatMessageView; text: string; reasoning: string }
  | { kind: 'messageUpdated'; message: ChatMessageView }
  | { kind: 'credits' }
  | { kind: 'models' }
  | { kind: 'context' }
  | { kind: 'conversations' }
  | { kind: 'estimate' }
  | { kind: 'busy' }
  | { kind: 'remoteImages'; urls?: string[] }
  | { kind: 'focusComposer' }
  | { kind: 'restoreDraft'; text: string }
  | { kind: 'toolCard'; message: ChatMessageView; card: ToolCardView }
  | { kind: 'task'; task: AgentTaskView }
  | { kind: 'agentSettings' }
  | { kind: 'ignored'; reason: string };

export class ChatStore {
  private current: ChatStateView | undefined;
  private byId = new Map<string, ChatMessageView>();
  private currentEstimate: EstimateView | undefined;

  /** Undefined until the host's first `state`: the UI shows nothing it could get wrong. */
  get state(): ChatStateView | undefined {
    return this.current;
  }

  get estimate(): EstimateView | undefined {
    return this.currentEstimate;
  }

  message(id: string): ChatMessageView | undefined {
    return this.byId.get(id);
  }

  apply(msg: HostToWebview): Change {
    if (msg.type === 'state') {
      // Copy so later deltas never mutate an object the caller still holds.
      this.current = { ...msg.state, messages: msg.state.messages.map((m) => ({ ...m })) };
      this.byId = new Map(this.current.messages.map((m) => [m.id, m]));
      this.currentEstimate = undefined;
      return { kind: 'reset' };
    }
    if (msg.type === 'focusComposer') return { kind: 'focusComposer' };
    if (msg.type === 'restoreDraft') return { kind: 'restoreDraft', text: msg.text };
    if (msg.type === 'estimate') {
      this.currentEstimate = msg.estimate;
      return { kind: 'estimate' };
    }
    const state = this.current;
    if (!state) return { kind: 'ignored', reason: `${msg.type} before state` };

    switch (msg.type) {
      case 'messageAdded': {
        const message = { ...msg.message };
        const existing = this.byId.get(message.id);
        if (existing) {
          Object.assign(existing, message);
          return { kind: 'messageReplaced', message: existing };
        }
        state.messages.push(message);
        this.byId.set(message.id, message);
        return { kind: 'messageAdded', message };
      }
      case 'messageDelta': {
        const message = this.byId.get(msg.id);
        if (!message) return { kind: 'ignored', reason: `delta for unknown message ${msg.id}` };
        const text = msg.text ?? '';
        const reasoning = msg.reasoning ?? '';
        if (text) message.text += text;
        if (reasoning) message.reasoning = (message.reasoning ?? '') + reasoning;
        return { kind: 'messageDelta', message, text, reasoning };
      }
      case 'messageUpdated': {
        const message = this.byId.get(msg.id);
        if (!message) return { kind: 'ignored', reason: `update for unknown message ${msg.id}` };
        message.status = msg.status;
        if (msg.cost) message.cost = msg.cost;
        if (msg.error) message.error = msg.error;
        else if (msg.status !== 'error') delete message.error;
        return { kind: 'messageUpdated', message };
      }
      case 'transcript':
        // Another conversation (or this one rewound): only the transcript and what belongs to it.
        // Tasks belong to the conversation: a transcript without them has none.
        Object.assign(state, msg.transcript, {
          messages: msg.transcript.messages.map((m) => ({ ...m })),
          tasks: msg.transcript.tasks ?? [],
        });
        this.byId = new Map(state.messages.map((m) => [m.id, m]));
        return { kind: 'transcript' };
      case 'credits':
        state.credits = msg.credits;
        return { kind: 'credits' };
      case 'models':
        state.models = msg.models;
        state.modelId = msg.modelId;
        state.reasoningSupported = msg.reasoningSupported;
        state.hasKey = msg.hasKey;
        state.providerLabel = msg.providerLabel;
        return { kind: 'models' };
      case 'context':
        state.context = msg.context;
        return { kind: 'context' };
      case 'conversations': {
        state.conversations = msg.conversations;
        const active = msg.conversations.find((c) => c.id === state.conversationId);
        if (active) state.title = active.title;
        return { kind: 'conversations' };
      }
      case 'busy':
        state.busy = msg.busy;
        return { kind: 'busy' };
      case 'remoteImagesAllowed':
        return msg.urls ? { kind: 'remoteImages', urls: msg.urls } : { kind: 'remoteImages' };
      case 'toolCard': {
        const message = this.byId.get(msg.messageId);
        if (!message) return { kind: 'ignored', reason: `tool card for unknown message ${msg.messageId}` };
        message.toolCalls = replaceById(message.toolCalls ?? [], msg.card);
        return { kind: 'toolCard', message, card: msg.card };
      }
      case 'task':
        state.tasks = replaceById(state.tasks ?? [], msg.task);
        return { kind: 'task', task: msg.task };
      case 'agentSettings':
        state.agent = msg.agent;
        return { kind: 'agentSettings' };
      default:
        return unknownMessage(msg);
    }
  }

  /**
   * Edit & Resend belongs to the last user message; Retry to the assistant reply only when it ends
   * the conversation (retrying an older reply would rewrite history the user can still see).
   */
  lastIds(): { user?: string; assistant?: string } {
    const messages = this.current?.messages ?? [];
    const last = messages.at(-1);
    const user = messages.findLast((m) => m.role === 'user')?.id;
    return {
      ...(user ? { user } : {}),
      ...(last?.role === 'assistant' ? { assistant: last.id } : {}),
    };
  }
}

/** A new array with `item` in place of the one with its id, or appended: the host re-sends whole items. */
function replaceById<T extends { id: string }>(items: readonly T[], item: T): T[] {
  const at = items.findIndex((existing) => existing.id === item.id);
  return at < 0 ? [...items, item] : items.map((existing, i) => (i === at ? item : existing));
}

/** Only chat models belong in the chat picker, whatever the host sends. */
export function chatModels(models: readonly ModelView[]): ModelView[] {
  return models.filter((m) => m.kind === 'chat');
}

/**
 * Compile time: every host message type is handled above. Run time: a host newer than this page
 * may send a type it does not know, which is ignored rather than thrown.
 * (Not the protocol module's assertNever: importing its values would pull zod into the bundle.)
 */
function unknownMessage(msg: never): Change {
  return { kind: 'ignored', reason: `unknown message ${String((msg as { type?: unknown }).type)}` };
}
