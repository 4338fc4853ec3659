import * as vscode from 'vscode';
import { GatewayError } from '../gateway/errors';
import { showErrorNotice, type ErrorActionContext } from '../errors/errorActionHost';
import type { Log } from '../log/log';

/**
 * Tells the user a code action failed: the gateway error's one-line explanation with the button
 * from the error-action table, or a generic line (details in the log) for anything else. Does not
 * wait for the user, so a command finishes when its work has.
 */
export function showFailure(what: string, err: unknown, log: Log, context: ErrorActionContext): void {
  if (err instanceof GatewayError) {
    log.warn(`${what} failed: ${err.kind}: ${err.explanation}`);
    const said = err.gatewayMessage && !err.explanation.includes(err.gatewayMessage) ? ` (${err.gatewayMessage})` : '';
    void showErrorNotice(`Switchboard: ${err.explanation}${said}`, err, context);
    return;
  }
  log.error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  void vscode.window.showErrorMessage(`Switchboard: ${what} failed. See Switchboard: Show Log for details.`, 'Show Log').then((choice) => {
    if (choice) void vscode.commands.executeCommand('switchboard.showLog');
  });
}
