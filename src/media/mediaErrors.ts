// Media failures for people: one message with the way out as a button, nothing for a cancel.
import * as vscode from 'vscode';
import { formatCredits } from '../gateway/creditsText';
import { GatewayError } from '../gateway/errors';
import type { Log } from '../log/log';
import { showErrorNotice, type ErrorActionContext } from '../errors/errorActionHost';
import { UnsafePathError } from './confine';

export function isCancellation(error: unknown): boolean {
  if (error instanceof GatewayError) return error.kind === 'cancelled';
  return error instanceof Error && error.name === 'AbortError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Any failure as a GatewayError, so the chat shows its words rather than a generic line. */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError({ kind: error instanceof UnsafePathError ? 'bad-request' : 'unknown', explanation: errorMessage(error), action: 'none', retryable: false });
}

/**
 * A failure after the gateway had already charged (a download or a write that failed): the same
 * failure, saying what it cost, so nobody is surprised by the balance. A cancel stays a cancel.
 */
export function afterCharge(error: unknown, credits: number | undefined, estimated: boolean): unknown {
  if (isCancellation(error) || credits === undefined || credits <= 0) return error;
  const failure = asGatewayError(error);
  const note = `The gateway ${estimated ? 'is likely to have charged' : 'charged'} ${formatCredits(credits)} credits for it; they are counted in today's spend.`;
  const { message: _message, ...init } = failure.toJSON();
  return new GatewayError({ ...init, explanation: `${failure.explanation} ${note}` });
}

/** Logs the failure and shows it with its action's button; resolves when the user answers. */
export async function showMediaError(what: string, error: unknown, log: Log, context: ErrorActionContext): Promise<void> {
  if (isCancellation(error)) {
    log.info(`${what} cancelled.`);
    return;
  }
  const message = errorMessage(error);
  log.warn(`${what} failed: ${message}`);
  const extra = [
    ...(error instanceof UnsafePathError ? [{ label: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard folder') }] : []),
    { label: 'Show Log', run: () => log.show() },
  ];
  await showErrorNotice(`Switchboard: ${what} failed. ${message}`, error, context, extra);
}
