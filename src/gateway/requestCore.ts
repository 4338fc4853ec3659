// What every request to one configured gateway shares, whatever it asks for (chat, models, media,
// embeddings, downloads): the preset, base URL and key, the openai SDK pinned to them, the limiter,
// the timeouts, error mapping and the request log. One place, so a header, a timeout or an error
// rule is decided once. Keys never reach an error, a log entry or a foreign origin.
import OpenAI from 'openai';
import { isLocalhost, normalizeBaseUrl, pathForLog } from './baseUrl';
import { cappedErrorResponse } from './bounds';
import { billingFrom, usageFrom } from './chatChunks';
import { GatewayError, httpStatusText, redact, safeUrl, transportDetail } from './errors';
import type { RateLimiter, Release } from './limiter';
import { onlyOurHeaders } from './outgoingHeaders';
import { RequestControl } from './requestControl';
import { retryAfterSeconds, toGatewayError, type ErrorContext } from './sdkErrors';
import type { Billing, ProviderPreset, RequestLogEntry } from './types';

export interface RequestCoreOptions {
  preset: ProviderPreset;
  /** Normalized on the way in; defaults to the preset's. */
  baseUrl?: string;
  apiKey?: string;
  /** Replaces global fetch for every request (the SDK's and downloads). */
  fetch?: typeof fetch;
  /** Give up when a reply sends no bytes for this long. Default 60 s. */
  idleTimeoutMs?: number;
  /** Give up on a request that takes longer than this in total. Default 10 min. */
  requestTimeoutMs?: number;
  /** Retries for 429, 5xx and connection errors before the first token. Default 3. */
  maxRetries?: number;
  onLog?: (entry: RequestLogEntry) => void;
  limiter?: RateLimiter;
  /** Things worth a line in the log that are not requests (e.g. an unknown video status word). */
  onWarning?: (message: string) => void;
}

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_REQUEST_MS = 600_000;
const DEFAULT_RETRIES = 3;

export class RequestCore {
  readonly preset: ProviderPreset;
  readonly baseUrl: string;
  /** For the download's own-origin Authorization header only; nothing else reads it. */
  readonly apiKey?: string;
  readonly idleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
  readonly limiter?: RateLimiter;
  /** The caller's fetch (or the global one), before the SDK's wrapping: downloads use it as is. */
  readonly baseFetch: typeof fetch;
  readonly sdk: OpenAI;
  private readonly onLog?: (entry: RequestLogEntry) => void;
  private readonly onWarning?: (message: string) => void;
  /** Something at this base URL has answered 2xx: a later bare 404 is not "wrong base URL". */
  private contacted = false;

  constructor(options: RequestCoreOptions) {
    this.preset = options.preset;
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? options.preset.defaultBaseUrl, options.preset);
    this.apiKey = options.apiKey?.trim() || undefined;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_MS;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_RETRIES));
    this.onLog = options.onLog;
    this.onWarning = options.onWarning;
    this.limiter = options.limiter;
    this.baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sdk = new OpenAI({
      // Every credential the SDK would otherwise read from the environment is pinned here, so an
      // OPENAI_API_KEY (or org/project id) on the machine never travels to another gateway.
      apiKey: this.apiKey ?? 'no-key',
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: this.baseUrl,
      timeout: this.requestTimeoutMs,
      maxRetries: this.maxRetries,
      fetch: this.sdkFetch,
      logLevel: 'off',
      // No key (a local server): send no Authorization header at all.
      ...(this.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    });
  }

  /** True when requests can be sent: a key is set, or the gateway is local and the preset allows no key. */
  get canAuthenticate(): boolean {
    return !!this.apiKey || (this.preset.keyOptionalForLocalhost && isLocalhost(this.baseUrl));
  }

  /**
   * One non-streamed SDK call: key check, limiter slot, total timeout, error mapping, log line.
   * `limited: false` for calls that cost the gateway nothing (a video task poll).
   */
  async call<T>(method: string, path: string, model: string | undefined, signal: AbortSignal | undefined, send: (signal: AbortSignal) => PromiseLike<T>, limited = true): Promise<T> {
    const started = performance.now();
    const url = this.urlFor(path);
    this.requireKey();
    let release: Release | undefined;
    const control = new RequestControl(signal, this.requestTimeoutMs, 0, url);
    let completed = false;
    try {
      if (limited && this.limiter) release = await this.limiter.acquire({ tokens: 1, signal });
      const answer = await send(control.signal);
      const raw = answer as unknown;
      const usage = isObj(raw) ? usageFrom(raw.usage) : undefined;
      const billing = this.billingOf(raw);
      this.log({ method, path, status: 200, ms: performance.now() - started, ...(model ? { model } : {}), ...(usage ? { usage } : {}), ...(billing ? { billing } : {}) });
      completed = true;
      return answer;
    } catch (error) {
      const failure = control.abortError() ?? this.mapError(error, { url, model });
      this.logFailure(method, path, started, failure, model);
      throw failure;
    } finally {
      control.dispose(completed);
      release?.();
    }
  }

  /** The caller's signal plus the total and (unless `idle` is false) the idle timeout, for one request. */
  control(signal: AbortSignal | undefined, url: string | undefined, idle = true): RequestControl {
    return new RequestControl(signal, this.requestTimeoutMs, idle ? this.idleTimeoutMs : 0, url);
  }

  /** The SDK with a fetch that reports every response (and every attempt) as activity on `control`. */
  sdkFor(control: RequestControl): OpenAI {
    if (!(this.idleTimeoutMs > 0)) return this.sdk;
    return this.sdk.withOptions({
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        control.touch();
        try {
          return await this.sdkFetch(input, init);
        } finally {
          control.touch();
        }
      },
    });
  }

  requireKey(): void {
    if (this.canAuthenticate) return;
    throw new GatewayError({
      kind: 'unauthorized',
      explanation: `No API key is set for ${this.preset.displayName}: set one to continue.`,
      action: 'set-key',
      retryable: false,
    });
  }

  urlFor(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** A URL fit for an error or a log line: any key in it is masked. */
  shownUrl(url: string): string | undefined {
    return safeUrl(url, this.apiKey);
  }

  mapError(error: unknown, ctx: ErrorContext): GatewayError {
    return toGatewayError(error, {
      providerName: this.preset.displayName,
      dailyReset: !!this.preset.dailyReset,
      firstContact: !this.contacted,
      secrets: [this.apiKey],
      ...ctx,
    });
  }

  /** The credits the gateway reported in its preset's billing field (HelyxAI's `helyx`), if any. */
  billingOf(body: unknown): Billing | undefined {
    const field = this.preset.billingField;
    return field && isObj(body) ? billingFrom(body[field]) : undefined;
  }

  /** A line for the log that is not a request; the key is masked out of it. */
  warn(message: string): void {
    this.onWarning?.(redact(message, this.apiKey));
  }

  log(entry: RequestLogEntry): void {
    if (!this.onLog) return;
    const clean: RequestLogEntry = { ...entry, ms: Math.round(entry.ms) };
    if (clean.error) clean.error = redact(clean.error, this.apiKey);
    try {
      this.onLog(clean);
    } catch {
      // A broken log sink must not break requests.
    }
  }

  logFailure(method: string, path: string, started: number, failure: GatewayError, model?: string): void {
    this.log({
      method,
      path,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      ms: performance.now() - started,
      ...(model ? { model } : {}),
      error: `${failure.kind}: ${failure.explanation}`,
    });
  }

  /**
   * The fetch the SDK uses: records which base URLs have answered, and logs each failed attempt
   * the SDK is about to retry (the final outcome is logged by the method that made the call).
   */
  private readonly sdkFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const started = performance.now();
    const method = (init?.method ?? 'GET').toUpperCase();
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const retryCount = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? 0) || 0;
    const retriesLeft = this.maxRetries - retryCount;
    const path = pathForLog(href, this.baseUrl);
    try {
      const response = await this.baseFetch(input, onlyOurHeaders(init, this.apiKey));
      if (response.ok) {
        this.contacted = true;
        return response;
      }
      if (retriesLeft > 0 && sdkWillRetry(response)) {
        const wait = retryAfterSeconds(response.headers);
        this.log({
          method,
          path,
          status: response.status,
          ms: performance.now() - started,
          error: `${httpStatusText(response.status)}: retrying${wait !== undefined ? ` after ${wait} s` : ''} (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left)`,
        });
      }
      return await cappedErrorResponse(response);
    } catch (error) {
      if (retriesLeft > 0 && !init?.signal?.aborted) {
        this.log({ method, path, ms: performance.now() - started, error: `connection failed (${transportDetail(error) ?? 'network error'}): retrying` });
      }
      throw error;
    }
  };
}

/** Mirrors the SDK's retry rule, for the log only. */
function sdkWillRetry(response: Response): boolean {
  const header = response.headers.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  return [408, 409, 429].includes(response.status) || response.status >= 500;
}
