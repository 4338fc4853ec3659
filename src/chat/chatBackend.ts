import type * as vscode from 'vscode';
import type { ChatMessage } from '../gateway/types';
import type { TurnCallbacks, TurnRequest, TurnResult } from '../gateway/turnRunner';
import type { CreditsView, EstimateView, ModelView } from '../shared/protocol';

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
  /** One turn through the turn runner: estimate, stream, bill. */
  runTurn(request: TurnRequest, callbacks?: TurnCallbacks): Promise<TurnResult>;
}
