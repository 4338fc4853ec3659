import { GatewayError } from '../gateway/errors';
import type { ErrorActionView, ErrorView } from '../shared/protocol';

const ACTION_LABELS: Record<ErrorActionView, string | undefined> = {
  'set-key': 'Set API Key',
  'wait-or-top-up': 'Top Up Credits',
  'upgrade-plan': 'Pick Model',
  'pick-model': 'Pick Model',
  retry: 'Retry',
  'check-base-url': 'Check Base URL',
  'fix-request': 'Show Log',
  none: undefined,
};

/** What the webview shows under a failed message: one line for a person, the gateway's words, the way out. */
export function errorView(err: unknown): ErrorView {
  if (err instanceof GatewayError) {
    const action = (err.action === 'upgrade-plan' ? 'pick-model' : err.action) as ErrorActionView;
    const label = ACTION_LABELS[action];
    return {
      kind: err.kind,
      explanation: err.explanation,
      ...(err.gatewayMessage && err.gatewayMessage !== err.explanation ? { gatewayMessage: err.gatewayMessage } : {}),
      action,
      ...(label ? { actionLabel: label } : {}),
    };
  }
  return { kind: 'unknown', explanation: 'Something went wrong while getting the reply. See Switchboard: Show Log for details.', action: 'retry', actionLabel: 'Retry' };
}
