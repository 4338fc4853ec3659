import * as vscode from 'vscode';
import type { ChatMessage } from '../gateway/types';
import type { TurnCallbacks, TurnRequest, TurnResult } from '../gateway/turnRunner';
import { section } from '../config/settings';

/** What a rewrite needs from the gateway side; `GatewayService` provides it. */
export interface RewriteBackend {
  ensureKey(): Promise<boolean>;
  providerLabel(): string;
  credits(): { nextResetAt?: number } | undefined;
  currentChatModel(): Promise<string>;
  runTurn(request: TurnRequest, callbacks?: TurnCallbacks): Promise<TurnResult>;
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
 * as the chat through the turn runner, also when it is cancelled or fails half-way.
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
      let reportedLines = 0;
      progress.report({ message: `waiting for ${model}…` });
      try {
        const result = await backend.runTurn(
          { model, messages, signal: abort.signal },
          {
            onText: (delta) => {
              text += delta;
              const lines = text.split('\n').length;
              if (lines !== reportedLines) {
                reportedLines = lines;
                progress.report({ message: `${model}: ${lines} line${lines === 1 ? '' : 's'} received` });
              }
            },
          },
        );
        if (result.status === 'failed') throw result.error;
        return { model, text: result.text, cancelled: result.status === 'stopped', ...(result.finishReason ? { finishReason: result.finishReason } : {}) };
      } finally {
        cancel.dispose();
      }
    },
  );
}
