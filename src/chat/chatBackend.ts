import type * as vscode from 'vscode';
import type { ChatEvent, ChatMessage } from '../gateway/types';
import type { CostView, CreditsView, EstimateView, ModelView } from '../shared/protocol';

/** What the chat needs from the gateway side; `GatewayService` implements it. */
export interface ChatBackend {
  readonly onDidChange: vscode.Event<void>;
  readonly onDidChangeCredits: vscode.Event<void>;
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
  /** Streams a reply; the request counts against the provider's limiter and records its cost. */
  streamChat(request: {
    model: string;
    messages: ChatMessage[];
    reasoning: boolean;
    signal: AbortSignal;
  }): AsyncIterable<ChatEvent>;
  /** Records what a finished (or stopped) reply cost and returns it for the message. */
  recordCost(model: string, usage: { promptTokens: number; completionTokens: number } | undefined, billing: { creditsCharged?: number; creditsRemaining?: number } | undefined, fallbackText?: { prompt: ChatMessage[]; completion: string }): Promise<CostView | undefined>;
}
