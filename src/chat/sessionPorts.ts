// What the chat session needs from outside (the gateway, the editor's questions, storage for
// "which conversation was open") and the small pure helpers it shares with nobody else.
import type { ChatMessage } from '../gateway/types';
import type { TurnCallbacks, TurnRequest, TurnResult, TurnEstimate } from '../gateway/turnRunner';
import { estimateLabel, formatCredits } from '../gateway/creditsText';
import type { ContextChipView, ConversationSummaryView, CostView, CreditsView, EstimateView, HostToWebview, ModelView } from '../shared/protocol';
import type { ContextAttachment, Conversation } from './conversation';
import type { ConversationStore } from './conversationStore';
import type { RemoteImagePolicy } from './remoteImageGate';
import type { AgentWorkspace } from './agentPorts';

/** What the session needs from the gateway side; `GatewayService` implements it. */
export interface ChatBackend {
  providerId(): string;
  providerLabel(): string;
  hasKey(): Promise<boolean>;
  /** True when a request may be sent; otherwise it has told the user (with a Set API Key button). */
  ensureKey(): Promise<boolean>;
  chatModels(): Promise<ModelView[]>;
  currentChatModel(): Promise<string>;
  setChatModel(id: string): Promise<void>;
  reasoningSupported(modelId: string): Promise<boolean>;
  credits(): CreditsView | undefined;
  estimate(modelId: string, messages: ChatMessage[]): Promise<EstimateView | undefined>;
  runTurn(request: TurnRequest, callbacks?: TurnCallbacks): Promise<TurnResult>;
}

/** The questions and notices the session cannot answer itself: the controller shows them in VS Code. */
export interface SessionPrompts {
  /** The balance does not cover the estimate: true to send anyway. */
  confirmOverspend(message: string): Promise<boolean>;
  confirmDelete(title: string): Promise<boolean>;
  notify(message: string): void;
  warn(message: string): void;
}

export interface SessionLog {
  warn(message: string): void;
  error(message: string): void;
}

/** Remembers the open conversation across reloads; `vscode.Memento` fits. */
export interface SessionMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export type SlashCommand = (args: string) => Promise<{ markdown: string; cost?: CostView }>;
/** Where a message goes: every surface, or only the one that asked. */
export type Post = (message: HostToWebview) => void;

export interface ChatSessionDeps {
  backend: ChatBackend;
  store: ConversationStore;
  memory: SessionMemory;
  prompts: SessionPrompts;
  log: SessionLog;
  /** Every open surface. */
  broadcast: Post;
  /** `switchboard.chat.loadRemoteImages`, read when asked ("ask" when absent). */
  remoteImagePolicy?: () => RemoteImagePolicy;
  /** The workspace Agent mode works in; without it the chat has only Ask. */
  agent?: AgentWorkspace;
}

/** A reply that was streaming when the window closed is kept, marked as stopped; so is a task that ran, and its unfinished calls. */
export function opened(conversation: Conversation): Conversation {
  for (const m of conversation.messages) {
    if (m.status === 'streaming') m.status = 'stopped';
    m.toolCalls = m.toolCalls?.map(({ approval: _a, ...c }) => (['done', 'denied', 'failed'].includes(c.state) ? c : { ...c, state: 'failed', result: 'Not finished: the window closed while it ran.' }));
    if (!m.toolCalls) delete m.toolCalls;
  }
  for (const t of conversation.tasks ?? []) if (t.status === 'running' || t.status === 'paused') Object.assign(t, { status: 'stopped', reason: 'Stopped: the window closed while the task ran.' });
  return conversation;
}

export function overspendText({ estimate }: TurnEstimate, credits: CreditsView | undefined): string {
  return `This message may cost ${estimateLabel(estimate).replace(/^≈\s*/, '')}, more than the ${formatCredits(credits?.balance ?? 0)} credits you have left.`;
}

export function stripContent(attachment: ContextAttachment): ContextChipView {
  const { content: _content, ...chip } = attachment;
  return chip;
}

export function withCurrent(list: ConversationSummaryView[], current: Conversation): ConversationSummaryView[] {
  const others = list.filter((c) => c.id !== current.id);
  return current.messages.length ? [{ id: current.id, title: current.title, updatedAt: current.updatedAt, messageCount: current.messages.length }, ...others] : others;
}
