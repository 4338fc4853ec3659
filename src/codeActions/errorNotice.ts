import * as vscode from 'vscode';
import { GatewayError } from '../gateway/errors';
import type { GatewayAction } from '../gateway/types';
import type { Log } from '../log/log';

interface ActionButton {
  label: string;
  run: () => Thenable<unknown>;
}

function buttonFor(action: GatewayAction, retry: (() => Thenable<unknown>) | undefined): ActionButton | undefined {
  switch (action) {
    case 'set-key':
      return { label: 'Set API Key', run: () => vscode.commands.executeCommand('switchboard.setApiKey') };
    case 'pick-model':
    case 'upgrade-plan':
      return { label: 'Pick Model', run: () => vscode.commands.executeCommand('switchboard.selectModel') };
    case 'retry':
      return retry ? { label: 'Retry', run: retry } : undefined;
    case 'check-base-url':
      return { label: 'Check Base URL', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.baseUrl') };
    case 'fix-request':
    case 'wait-or-top-up':
      return { label: 'Show Log', run: () => vscode.commands.executeCommand('switchboard.showLog') };
    case 'none':
      return undefined;
  }
}

/**
 * Tells the user a code action failed: the gateway error's one-line explanation with the button
 * that helps, or a generic line (details in the log) for anything else. Does not wait for the
 * user, so a command finishes when its work has.
 */
export function showFailure(what: string, err: unknown, log: Log, retry?: () => Thenable<unknown>): void {
  if (err instanceof GatewayError) {
    log.warn(`${what} failed: ${err.kind}: ${err.explanation}`);
    const button = buttonFor(err.action, retry);
    const said = err.gatewayMessage && !err.explanation.includes(err.gatewayMessage) ? ` (${err.gatewayMessage})` : '';
    void vscode.window.showErrorMessage(`Switchboard: ${err.explanation}${said}`, ...(button ? [button.label] : [])).then((choice) => {
      if (button && choice === button.label) void button.run();
    });
    return;
  }
  log.error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  void vscode.window.showErrorMessage(`Switchboard: ${what} failed. See Switchboard: Show Log for details.`, 'Show Log').then((choice) => {
    if (choice) void vscode.commands.executeCommand('switchboard.showLog');
  });
}
