// How a failed request reads to a `vscode.lm` caller: the gateway core's one-line message, and the
// LanguageModelError code a caller can branch on where one fits.
import { GatewayError } from '../gateway/errors';
import { UnsupportedRequestError } from './requestMessages';

/** Names of LanguageModelError's factories. */
export type LanguageModelErrorCode = 'Blocked' | 'NotFound';

export interface FailureDescription {
  message: string;
  code?: LanguageModelErrorCode;
}

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof GatewayError) {
    // message = the explanation plus the gateway's own words when it sent any: one line, no stack, no key.
    const message = error.message;
    switch (error.kind) {
      case 'insufficient-credits':
      case 'rate-limited':
      case 'plan-required':
        return { message, code: 'Blocked' };
      case 'model-not-found':
        return { message, code: 'NotFound' };
      default:
        return { message };
    }
  }
  if (error instanceof UnsupportedRequestError) return { message: error.message };
  if (error instanceof Error && error.message) return { message: oneLine(error.message) };
  if (typeof error === 'string' && error.trim()) return { message: oneLine(error) };
  return { message: 'Switchboard could not complete the request.' };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
