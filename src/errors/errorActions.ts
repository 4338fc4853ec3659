// The one table of what a failure offers the user: for each gateway action, the button's label and
// what it does. Every surface uses it: the chat view (the webview shows the label sent with the
// error), code actions and media (notification buttons), and @switchboard (command buttons).
// No `vscode` import: the editor lends what running an action needs (errorActionHost.ts).
import { GatewayError } from '../gateway/errors';
import type { GatewayAction } from '../gateway/types';
import type { ErrorView } from '../shared/protocol';

export interface ErrorActionHost {
  executeCommand(command: string, ...args: unknown[]): Thenable<unknown>;
  showInformation(message: string): void;
  providerLabel(): string;
  credits(): { nextResetAt?: number } | undefined;
  /** The surface's own retry; a surface without one offers no Retry. */
  retry?: () => Thenable<unknown>;
}

export interface ErrorAction {
  label: string;
  /** The command that does it, for surfaces that can show only command buttons (@switchboard). */
  command?: { id: string; args: unknown[] };
  run(host: ErrorActionHost): Thenable<unknown> | void;
}

function viaCommand(label: string, id: string, ...args: unknown[]): ErrorAction {
  return { label, command: { id, args }, run: (host) => host.executeCommand(id, ...args) };
}

export const ERROR_ACTIONS: Readonly<Record<GatewayAction, ErrorAction | undefined>> = {
  'set-key': viaCommand('Set API Key', 'switchboard.setApiKey'),
  'pick-model': viaCommand('Pick Model', 'switchboard.selectModel'),
  // A model above the user's plan: another model is the way out the editor can offer.
  'upgrade-plan': viaCommand('Pick Model', 'switchboard.selectModel'),
  'check-base-url': viaCommand('Check Base URL', 'workbench.action.openSettings', 'switchboard.baseUrl'),
  'fix-request': viaCommand('Show Log', 'switchboard.showLog'),
  'wait-or-top-up': {
    label: 'Top Up Credits',
    run: (host) => {
      const at = host.credits()?.nextResetAt;
      const reset = at ? ` Credits reset at ${new Date(at).toLocaleTimeString()}.` : '';
      host.showInformation(`You are out of credits on ${host.providerLabel()}.${reset} You can also top up or upgrade your plan.`);
    },
  },
  retry: { label: 'Retry', run: (host) => host.retry?.() },
  none: undefined,
};

/** The action a failure offers, if the surface can run it. */
export function actionFor(action: GatewayAction, canRetry: boolean): ErrorAction | undefined {
  return action === 'retry' && !canRetry ? undefined : ERROR_ACTIONS[action];
}

/** What the chat shows under a failed message: one line for a person, the gateway's words, the way out. */
export function errorView(err: unknown): ErrorView {
  if (err instanceof GatewayError) {
    const label = ERROR_ACTIONS[err.action]?.label;
    return {
      kind: err.kind,
      explanation: err.explanation,
      ...(err.gatewayMessage && err.gatewayMessage !== err.explanation ? { gatewayMessage: err.gatewayMessage } : {}),
      action: err.action,
      ...(label ? { actionLabel: label } : {}),
    };
  }
  return { kind: 'unknown', explanation: 'Something went wrong while getting the reply. See Switchboard: Show Log for details.', action: 'retry', actionLabel: 'Retry' };
}

/** A failure for the log: the gateway's kind and explanation, or the error's message. */
export function formatError(err: unknown): string {
  if (err instanceof GatewayError) return `${err.kind}: ${err.explanation}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
