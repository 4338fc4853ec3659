// Turns whatever the openai SDK or fetch threw into a GatewayError, with keys redacted.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LIMITS, readTextCapped } from './bounds';
import {
  GatewayError,
  cancelledError,
  codeFromErrorBody,
  describeErrorText,
  errorFromStatus,
  isAbortLike,
  messageFromErrorBody,
  networkError,
  redact,
  transportDetail,
  type StatusContext,
} from './errors';

export interface ErrorContext {
  url?: string;
  providerName?: string;
  dailyReset?: boolean;
  firstContact?: boolean;
  model?: string;
  /** The request had response headers already: a failure now is mid-stream. */
  midStream?: boolean;
  /** Secrets to scrub from any text (the API key). */
  secrets?: (string | undefined)[];
}

/** Seconds from a Retry-After (or retry-after-ms) header. */
export function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

function scrub(error: GatewayError, secrets: (string | undefined)[]): GatewayError {
  const gatewayMessage = error.gatewayMessage ? redact(error.gatewayMessage, ...secrets) : undefined;
  const explanation = redact(error.explanation, ...secrets);
  const url = error.url ? redact(error.url, ...secrets) : undefined;
  if (gatewayMessage === error.gatewayMessage && explanation === error.explanation && url === error.url) return error;
  return new GatewayError({ ...error.toJSON(), gatewayMessage, explanation, url });
}

/** The status error for a raw Response the SDK did not handle (downloads, our own fetches). */
export async function errorFromResponse(response: Response, ctx: ErrorContext): Promise<GatewayError> {
  const { text } = await readTextCapped(response.body, LIMITS.errorBodyBytes).catch(() => ({ text: '' }));
  const { message, code } = describeErrorText(response.status, text);
  return errorForStatus(response.status, message, code, response.headers, ctx);
}

/** The one GatewayError for an HTTP status, whichever way the status arrived. */
function errorForStatus(status: number, gatewayMessage: string | undefined, code: string | undefined, headers: Headers | undefined, ctx: ErrorContext): GatewayError {
  const context: StatusContext = {
    status,
    gatewayMessage,
    code,
    url: ctx.url,
    providerName: ctx.providerName,
    dailyReset: ctx.dailyReset,
    firstContact: ctx.firstContact,
    model: ctx.model,
    retryAfterSeconds: retryAfterSeconds(headers),
  };
  return scrub(errorFromStatus(context), ctx.secrets ?? []);
}

export function toGatewayError(error: unknown, ctx: ErrorContext): GatewayError {
  const secrets = ctx.secrets ?? [];
  if (error instanceof GatewayError) return scrub(error, secrets);
  if (error instanceof APIUserAbortError) return cancelledError(ctx.url);
  if (error instanceof APIConnectionTimeoutError) {
    return new GatewayError({
      kind: 'timeout',
      explanation: 'The gateway did not answer in time: try again, or raise the request timeout.',
      action: 'retry',
      retryable: true,
      url: ctx.url,
    });
  }
  if (error instanceof APIConnectionError) return networkError(transportDetail(error), ctx.url, ctx.midStream);
  if (error instanceof APIError && typeof error.status === 'number') {
    let gatewayMessage = messageFromErrorBody(error.error);
    let code = codeFromErrorBody(error.error === undefined ? undefined : { error: error.error });
    if (error.error === undefined || error.error === null) {
      // Not JSON: the SDK put the raw body after the status in its message (an HTML page, plain text).
      const raw = error.message.replace(/^\d{3}\s*/, '');
      const described = raw === 'status code (no body)' ? {} : describeErrorText(error.status, raw);
      gatewayMessage = described.message;
      code = described.code;
    }
    return errorForStatus(error.status, gatewayMessage, code, error.headers, ctx);
  }
  if (isAbortLike(error)) return cancelledError(ctx.url);
  const detail = transportDetail(error);
  if (detail || (error instanceof TypeError && /fetch failed|terminated|network|socket/i.test(error.message))) {
    return networkError(detail ?? 'connection lost', ctx.url, ctx.midStream);
  }
  if (error instanceof SyntaxError) {
    return new GatewayError({
      kind: 'protocol',
      explanation: 'The gateway sent a reply Switchboard could not read (invalid JSON).',
      action: 'retry',
      retryable: false,
      url: ctx.url,
    });
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const line = message ? redact(message.split('\n')[0] ?? '', ...secrets).slice(0, 200) : '';
  return new GatewayError({
    kind: 'unknown',
    explanation: `Something unexpected went wrong talking to the gateway${line ? ` (${line})` : ''}.`,
    action: 'retry',
    retryable: false,
    url: ctx.url,
  });
}
