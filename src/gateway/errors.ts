// One typed error for everything that can go wrong talking to a gateway, and the mapping from HTTP
// statuses, SDK errors and transport failures onto it. A person reads `explanation`; the UI offers
// `action`; nothing here ever carries a stack, an "[object Object]" or a key.
import { STATUS_CODES } from 'node:http';
import type { GatewayAction, GatewayErrorKind } from './types';

export interface GatewayErrorInit {
  kind: GatewayErrorKind;
  explanation: string;
  action: GatewayAction;
  retryable: boolean;
  status?: number;
  gatewayMessage?: string;
  url?: string;
  /** Seconds the gateway asked us to wait (Retry-After), when it said. */
  retryAfterSeconds?: number;
}

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind;
  readonly status?: number;
  readonly gatewayMessage?: string;
  readonly explanation: string;
  readonly action: GatewayAction;
  readonly retryable: boolean;
  readonly url?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: GatewayErrorInit) {
    super(composeMessage(init.explanation, init.gatewayMessage));
    this.name = 'GatewayError';
    this.kind = init.kind;
    this.status = init.status;
    this.gatewayMessage = init.gatewayMessage;
    this.explanation = init.explanation;
    this.action = init.action;
    this.retryable = init.retryable;
    this.url = init.url;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** What may cross to a webview or a log: plain data, no stack. */
  toJSON(): GatewayErrorInit & { message: string } {
    return {
      message: this.message,
      kind: this.kind,
      explanation: this.explanation,
      action: this.action,
      retryable: this.retryable,
      status: this.status,
      gatewayMessage: this.gatewayMessage,
      url: this.url,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

function composeMessage(explanation: string, gatewayMessage: string | undefined): string {
  if (!gatewayMessage || explanation.includes(gatewayMessage)) return explanation;
  return `${explanation} The gateway said: "${gatewayMessage}"`;
}

// ---------------------------------------------------------------------------------------------
// Redaction

const KEY_PATTERNS = [
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /\bhx-[A-Za-z0-9_-]{4,}/g,
  /\bsk-[A-Za-z0-9_-]{4,}/g,
  /([?&](?:api[_-]?key|key|token|access_token)=)[^&#\s]+/gi,
];

/** Removes the given secrets and anything shaped like a key from text meant for people or logs. */
export function redact(text: string, ...secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: string | undefined) =>
      typeof prefix === 'string' && /[=\s]$/.test(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/** A URL safe to show: no credentials, no query values that look like keys. */
export function safeUrl(url: string | undefined, ...secrets: (string | undefined)[]): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return redact(parsed.toString(), ...secrets);
  } catch {
    return redact(url, ...secrets);
  }
}

// ---------------------------------------------------------------------------------------------
// Gateway messages from bodies

const MAX_MESSAGE = 300;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(?:!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(text);
}

export function httpStatusText(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : `HTTP ${status}`;
}

/** The gateway's own words from a parsed error body: `{error:{message}}`, `{error:"…"}`, `{message}`, `{detail}`. */
export function messageFromErrorBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? oneLine(body) : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (record.error !== undefined && record.error !== null) {
    const inner = messageFromErrorBody(record.error);
    if (inner) return inner;
  }
  for (const field of ['message', 'detail', 'error_description', 'msg']) {
    const value = record[field];
    if (typeof value === 'string' && value.trim()) return oneLine(value);
    if (typeof value === 'object' && value !== null) {
      const nested = messageFromErrorBody(value);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** The gateway's error code or type (`insufficient_quota`, `model_not_found`, …), lower-cased. */
export function codeFromErrorBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const parts = [inner.type, inner.code].filter((v) => typeof v === 'string' || typeof v === 'number');
  return parts.length ? parts.map(String).join(' ').toLowerCase() : undefined;
}

/** Parses a raw error body (JSON, HTML page or text) into the gateway's message and code. */
export function describeErrorText(status: number, text: string): { message?: string; code?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (looksLikeHtml(trimmed)) return { message: httpStatusText(status) };
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return { message: messageFromErrorBody(parsed), code: codeFromErrorBody(parsed) };
  } catch {
    return { message: oneLine(trimmed) };
  }
}

// ---------------------------------------------------------------------------------------------
// Status → error

export interface StatusContext {
  status: number;
  gatewayMessage?: string;
  /** Lower-cased error type/code from the body. */
  code?: string;
  url?: string;
  /** Provider display name, for explanations. */
  providerName?: string;
  /** The provider resets credits daily (HelyxAI): say so for 402. */
  dailyReset?: boolean;
  /** Nothing has succeeded against this base URL yet: a bare 404 means the URL is wrong. */
  firstContact?: boolean;
  retryAfterSeconds?: number;
  model?: string;
}

export function errorFromStatus(ctx: StatusContext): GatewayError {
  const { status, gatewayMessage, url, retryAfterSeconds } = ctx;
  const base = { status, gatewayMessage, url, retryAfterSeconds };
  const said = `${gatewayMessage ?? ''} ${ctx.code ?? ''}`.toLowerCase();
  const name = ctx.providerName ?? 'The gateway';

  if (status === 402 || (status === 429 && /insufficient|quota|balance|credit/.test(said))) {
    return new GatewayError({
      ...base,
      kind: 'insufficient-credits',
      explanation: ctx.dailyReset
        ? `You are out of ${name} credits for today: wait for the daily reset or upgrade your plan.`
        : `Your ${name} balance is too low for this request: top up your credits.`,
      action: 'wait-or-top-up',
      retryable: false,
    });
  }
  switch (status) {
    case 400:
    case 422:
      return new GatewayError({
        ...base,
        kind: 'bad-request',
        explanation: `${name} rejected the request as malformed (${status}).`,
        action: 'fix-request',
        retryable: false,
      });
    case 401:
      return new GatewayError({
        ...base,
        kind: 'unauthorized',
        explanation: `${name} did not accept the API key: set a valid key.`,
        action: 'set-key',
        retryable: false,
      });
    case 403:
      if (/key|token|auth/.test(said) && !/plan|pro\b|upgrade|tier|subscription/.test(said)) {
        return new GatewayError({
          ...base,
          kind: 'unauthorized',
          explanation: `${name} refused this API key access (403): check the key's permissions.`,
          action: 'set-key',
          retryable: false,
        });
      }
      return new GatewayError({
        ...base,
        kind: 'plan-required',
        explanation: ctx.model
          ? `Your plan does not include ${ctx.model}: pick another model or upgrade your plan.`
          : `Your plan does not include this (403): pick another model or upgrade your plan.`,
        action: 'upgrade-plan',
        retryable: false,
      });
    case 404:
      if (saysModelUnknown(gatewayMessage, ctx.code)) {
        return new GatewayError({
          ...base,
          kind: 'model-not-found',
          explanation: ctx.model
            ? `${name} does not know the model "${ctx.model}": pick another model.`
            : `${name} does not know that model: pick another model.`,
          action: 'pick-model',
          retryable: false,
        });
      }
      if (ctx.firstContact) {
        return new GatewayError({
          ...base,
          kind: 'bad-base-url',
          explanation: `This base URL does not look like an OpenAI-compatible API (404 at ${url ?? 'the URL tried'}): check the base URL.`,
          action: 'check-base-url',
          retryable: false,
        });
      }
      return new GatewayError({
        ...base,
        kind: 'not-found',
        explanation: `${name} has no such endpoint or model (404${url ? ` at ${url}` : ''}).`,
        action: ctx.model ? 'pick-model' : 'check-base-url',
        retryable: false,
      });
    case 408:
    case 504:
      return new GatewayError({
        ...base,
        kind: 'timeout',
        explanation: `${name} took too long to answer (${status}): try again.`,
        action: 'retry',
        retryable: true,
      });
    case 413:
      return new GatewayError({
        ...base,
        kind: 'too-large',
        explanation: `The request is too large for ${name} (413): send less context.`,
        action: 'fix-request',
        retryable: false,
      });
    case 429:
      return new GatewayError({
        ...base,
        kind: 'rate-limited',
        explanation: retryAfterSeconds !== undefined
          ? `${name} is rate limiting requests: try again in ${Math.ceil(retryAfterSeconds)} s.`
          : `${name} is rate limiting requests: wait a moment and try again.`,
        action: 'retry',
        retryable: true,
      });
    case 503:
      return new GatewayError({
        ...base,
        kind: 'overloaded',
        explanation: `${name} is overloaded right now (503): try again in a few seconds.`,
        action: 'retry',
        retryable: true,
      });
  }
  if (status >= 500) {
    return new GatewayError({
      ...base,
      kind: 'server',
      explanation: `${name} had a server error (${httpStatusText(status)}): try again shortly.`,
      action: 'retry',
      retryable: true,
    });
  }
  return new GatewayError({
    ...base,
    kind: 'unknown',
    explanation: `${name} answered with an unexpected status (${httpStatusText(status)}).`,
    action: 'none',
    retryable: false,
  });
}

/** A 404 about the model (its code says so, or its words do), not about a path. */
function saysModelUnknown(message: string | undefined, code: string | undefined): boolean {
  if (code && /model/.test(code)) return true;
  if (!message) return false;
  const m = message.toLowerCase();
  if (/model or endpoint|endpoint or model/.test(m)) return false;
  return /\bmodel\b\s*['"`]?[\w.:/-]*['"`]?\s*(?:was\s+|is\s+)?(?:not found|does not exist|doesn't exist|unknown|not available|not supported)|(?:unknown|invalid|no such)\s+model/.test(m);
}

// ---------------------------------------------------------------------------------------------
// Transport failures

export function cancelledError(url?: string): GatewayError {
  return new GatewayError({ kind: 'cancelled', explanation: 'The request was cancelled.', action: 'none', retryable: false, url });
}

export function networkError(detail: string | undefined, url?: string, midStream = false): GatewayError {
  const what = midStream ? 'The connection dropped before the answer finished' : 'Could not reach the gateway';
  return new GatewayError({
    kind: 'network',
    explanation: `${what}${detail ? ` (${detail})` : ''}: check your connection and retry.`,
    action: 'retry',
    retryable: true,
    url,
  });
}

export function timeoutError(what: 'idle' | 'total', ms: number, url?: string): GatewayError {
  const seconds = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
  return new GatewayError({
    kind: 'timeout',
    explanation: what === 'idle'
      ? `The gateway sent nothing for ${seconds}: gave up waiting. Retry, or raise the idle timeout.`
      : `The request took longer than ${seconds} in total: gave up. Retry, or raise the request timeout.`,
    action: 'retry',
    retryable: true,
    url,
  });
}

export function protocolError(detail: string, url?: string): GatewayError {
  return new GatewayError({
    kind: 'protocol',
    explanation: `The gateway sent a reply Switchboard could not read (${detail}).`,
    action: 'retry',
    retryable: false,
    url,
  });
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The most telling short reason in an error's cause chain: an errno code or a one-line message. */
export function transportDetail(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && NETWORK_CODES.has(code)) return code === 'UND_ERR_SOCKET' ? 'connection reset' : code;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}

export function isAbortLike(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || (error as { constructor?: { name?: string } }).constructor?.name === 'APIUserAbortError';
}
