import * as vscode from 'vscode';
import type { Billing, ChatEvent, ChatMessage, Usage } from '../gateway/types';
import { section } from '../config/settings';

/** What a rewrite needs from the gateway side; `GatewayService` provides it. */
export interface RewriteBackend {
  ensureKey(): Promise<boolean>;
  currentChatModel(): Promise<string>;
  streamChat(request: { model: string; messages: ChatMessage[]; reasoning: boolean; signal: AbortSignal }): AsyncIterable<ChatEvent>;
  recordCost(model: string, usage: Usage | undefined, billing: Billing | undefined, fallbackText?: { prompt: ChatMessage[]; completion: string }): Promise<unknown>;
}

export interface RewriteAnswer {
  model: string;
  text: string;
  /** The gateway's finish reason; 'length' means the answer was cut off at the token limit. */
  finishReason?: string;
  cancelled: boolean;
}

/** `switchboard.codeActions.model` when set, otherwise the chat's current model. */
export async function codeActionsModel(backend: Pick<RewriteBackend, 'currentChatModel'>): Promise<string> {
  const configured = section().get<string>('codeActions.model', '').trim();
  return configured || backend.currentChatModel();
}

/**
 * Streams one rewrite under a cancellable progress notification and bills it to the same ledger
 * as the chat, also when it is cancelled or fails half-way (what arrived was paid for).
 * Gateway errors are rethrown for the caller to show.
 */
export async function requestRewrite(backend: RewriteBackend, messages: ChatMessage[], title: string): Promise<RewriteAnswer> {
  const model = await codeActionsModel(backend);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      let text = '';
      let usage: Usage | undefined;
      let billing: Billing | undefined;
      let finishReason: string | undefined;
      let reportedLines = 0;
      progress.report({ message: `waiting for ${model}…` });
      try {
        for await (const event of backend.streamChat({ model, messages, reasoning: false, signal: abort.signal })) {
          if (event.type === 'text') {
            text += event.text;
            const lines = text.split('\n').length;
            if (lines !== reportedLines) {
              reportedLines = lines;
              progress.report({ message: `${model}: ${lines} line${lines === 1 ? '' : 's'} received` });
            }
          } else if (event.type === 'usage') usage = event.usage;
          else if (event.type === 'billing') billing = { ...billing, ...event.billing };
          else if (event.type === 'finish') finishReason = event.reason;
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err;
      } finally {
        cancel.dispose();
        await backend.recordCost(model, usage, billing, text ? { prompt: messages, completion: text } : undefined).catch(() => undefined);
      }
      return { model, text, cancelled: abort.signal.aborted, ...(finishReason ? { finishReason } : {}) };
    },
  );
}
