// Runs the error-action table (errorActions.ts) in VS Code, and shows a failure as a notification
// with its action's button: code actions and media use this, the chat view calls runErrorAction.
import * as vscode from 'vscode';
import { GatewayError } from '../gateway/errors';
import type { GatewayAction } from '../gateway/types';
import { actionFor, type ErrorActionHost } from './errorActions';

export interface ErrorActionContext {
  gateway: Pick<ErrorActionHost, 'providerLabel' | 'credits'>;
  retry?: () => Thenable<unknown>;
}

function hostFor(context: ErrorActionContext): ErrorActionHost {
  return {
    executeCommand: (command, ...args) => vscode.commands.executeCommand(command, ...args),
    showInformation: (message) => void vscode.window.showInformationMessage(message),
    providerLabel: () => context.gateway.providerLabel(),
    credits: () => context.gateway.credits(),
    ...(context.retry ? { retry: context.retry } : {}),
  };
}

export async function runErrorAction(action: GatewayAction, context: ErrorActionContext): Promise<void> {
  await actionFor(action, !!context.retry)?.run(hostFor(context));
}

/**
 * A failure as an error notification: `text`, with the button of the failure's action (and any
 * extra buttons the caller adds). Resolves when the user answered and the choice ran.
 */
export async function showErrorNotice(
  text: string,
  error: unknown,
  context: ErrorActionContext,
  extra: { label: string; run: () => unknown }[] = [],
): Promise<void> {
  const action = error instanceof GatewayError ? actionFor(error.action, !!context.retry) : undefined;
  const buttons = [...(action ? [{ label: action.label, run: () => action.run(hostFor(context)) }] : []), ...extra.filter((b) => b.label !== action?.label)];
  const choice = await vscode.window.showErrorMessage(text, ...buttons.map((b) => b.label));
  await buttons.find((b) => b.label === choice)?.run();
}
