// GatewayClient: one configured gateway (preset + base URL + key). Every OpenAI-compatible call goes
// through the openai SDK (auth, headers, retries with backoff and Retry-After, status errors); the
// chat body is then read by chatStream.ts. Keys never reach an error, a log entry or a foreign origin.
import OpenAI, { APIConnectionTimeoutError } from 'openai';
import { isLocalhost, normalizeBaseUrl, pathForLog } from './baseUrl';
import { LIMITS, cappedErrorResponse, readTextCapped, tooMuchError, type StreamLimits } from './bounds';
import { billingFrom, usageFrom, type StreamOutcome } from './chatChunks';
import { readChatResponse } from './chatStream';
import { download as downloadMedia } from './download';
import { GatewayError, httpStatusText, protocolError, redact, safeUrl, timeoutError, transportDetail } from './errors';
import type { RateLimiter, Release } from './limiter';
import { fetchableImages } from './imageLinks';
import { imagesFromChatMessage, imagesFromGenerations, videoSubmission, videoTaskFrom } from './mediaResponses';
import { fallbackModels, mergeModels } from './modelList';
import { onlyOurHeaders } from './outgoingHeaders';
import { toolRefusal, type CapabilityBook } from './capabilities';
import { RequestControl } from './requestControl';
import { retryAfterSeconds, toGatewayError, type ErrorContext } from './sdkErrors';
import { isTokenizerLoaded, countMessageTokens, roughTokenCount } from './tokenizer';
import { promptText, toolFields, wireMessage } from './toolWire';
import { mapVideoStatus } from './videoStatus';
import type {
  ChatEvent,
  ChatRequest,
  Billing,
  DownloadOptions,
  DownloadResult,
  EmbedRequest,
  EmbedResult,
  ImageRequest,
  ImageResult,
  ModelInfo,
  ProviderPreset,
  RequestLogEntry,
  VideoRequest,
  Usage,
  VideoSubmitResult,
  VideoTaskInfo,
} from './types';

export interface GatewayClientOptions {
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
  /** How long a model list stays fresh. Default 10 min. */
  modelsTtlMs?: number;
  /** Things worth a line in the log that are not requests (e.g. an unknown video status word). */
  onWarning?: (message: string) => void;
  /** Bounds on one streamed reply; LIMITS by default (tests lower them). */
  streamLimits?: Partial<StreamLimits>;
  /** Where a gateway's refusal of `tools` for a model is remembered (see capabilities.ts). */
  capabilities?: CapabilityBook;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_REQUEST_MS = 600_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_MODELS_TTL_MS = 600_000;

export class GatewayClient {
  readonly preset: ProviderPreset;
  readonly baseUrl: string;
  private readonly apiKey?: string;
  private readonly idleTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly onLog?: (entry: RequestLogEntry) => void;
  private readonly onWarning?: (message: string) => void;
  private readonly limiter?: RateLimiter;
  private readonly baseFetch: typeof fetch;
  private readonly modelsTtlMs: number;
  private readonly streamLimits: StreamLimits;
  private readonly capabilities?: CapabilityBook;
  private readonly sdk: OpenAI;
  /** Something at this base URL has answered 2xx: a later bare 404 is not "wrong base URL". */
  private contacted = false;
  private streamOptionsAccepted = true;
  private modelsCache?: { at: number; models: ModelInfo[] };

  constructor(options: GatewayClientOptions) {
    this.preset = options.preset;
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? options.preset.defaultBaseUrl, options.preset);
    this.apiKey = options.apiKey?.trim() || undefined;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    this.capabilities = options.capabilities;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_MS;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_RETRIES));
    this.onLog = options.onLog;
    this.onWarning = options.onWarning;
    this.limiter = options.limiter;
    this.modelsTtlMs = options.modelsTtlMs ?? DEFAULT_MODELS_TTL_MS;
    this.streamLimits = { sseLineChars: LIMITS.sseLineChars, replyChars: LIMITS.replyChars, ...options.streamLimits };
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

  // -------------------------------------------------------------------------------------------
  // Models

  /** The gateway's models merged with the preset's catalogue; cached, `refresh` re-asks. */
  async listModels(options: { refresh?: boolean; signal?: AbortSignal; fallbackIds?: readonly string[] } = {}): Promise<ModelInfo[]> {
    const cached = this.modelsCache;
    if (cached && !options.refresh && Date.now() - cached.at < this.modelsTtlMs) return cached.models;
    let models: ModelInfo[];
    if (!this.preset.hasModelsEndpoint) {
      models = mergeModels(this.preset, undefined);
    } else {
      this.requireKey();
      const started = performance.now();
      try {
        const body = await this.readModelsBody(options.signal);
        const found = isObj(body) && Array.isArray(body.data) ? body.data : isObj(body) && Array.isArray(body.models) ? body.models : Array.isArray(body) ? body : undefined;
        models = mergeModels(this.preset, found?.slice(0, LIMITS.modelsCount));
        this.log({ method: 'GET', path: '/models', status: 200, ms: performance.now() - started });
      } catch (error) {
        const failure = this.mapError(error, { url: this.urlFor('/models') });
        this.logFailure('GET', '/models', started, failure);
        const fatal = ['unauthorized', 'insufficient-credits', 'plan-required', 'cancelled', 'bad-base-url'];
        // Many local servers have no /models: a 404 there says nothing about the base URL (chat may
        // work), so the list falls back to the catalogue or to the models the user configured.
        const missing = failure.kind === 'not-found' || failure.kind === 'bad-base-url';
        if (fatal.includes(failure.kind) && !missing) throw failure;
        if (this.preset.catalogue.length === 0 && !missing) throw failure;
        models = this.preset.catalogue.length > 0 ? mergeModels(this.preset, undefined) : fallbackModels(options.fallbackIds ?? []);
        if (failure.kind !== 'not-found' && failure.kind !== 'bad-base-url') {
          return models; // not cached: ask again next time
        }
      }
    }
    this.modelsCache = { at: Date.now(), models };
    return models;
  }

  /** GET /models as parsed JSON, read to at most LIMITS.modelsBytes. */
  private async readModelsBody(signal: AbortSignal | undefined): Promise<unknown> {
    const response = await this.sdk.get('/models', { signal }).asResponse();
    const { text, truncated } = await readTextCapped(response.body, LIMITS.modelsBytes);
    if (truncated) throw tooMuchError('a model list', `${LIMITS.modelsBytes / (1024 * 1024)} MB`, this.urlFor('/models'));
    return JSON.parse(text) as unknown;
  }

  // -------------------------------------------------------------------------------------------
  // Chat

  /**
   * Streams one chat reply as events. Cancellation (req.signal) ends the iteration with
   * `{type:'finish', reason:'cancelled'}`; anything else that goes wrong throws a GatewayError
   * after the events that did arrive (partial text is the consumer's to keep).
   */
  /** The credits the gateway reported in its preset's billing field (HelyxAI's `helyx`), if any. */
  private billingOf(body: unknown): Billing | undefined {
    const field = this.preset.billingField;
    return field && isObj(body) ? billingFrom(body[field]) : undefined;
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatEvent, void, undefined> {
    const started = performance.now();
    const path = '/chat/completions';
    const url = this.urlFor(path);
    if (req.signal?.aborted) {
      yield { type: 'finish', reason: 'cancelled' };
      return;
    }
    this.requireKey();
    let release: Release | undefined;
    if (this.limiter) {
      try {
        release = await this.limiter.acquire({ tokens: await this.estimateTokens(req), signal: req.signal });
      } catch (error) {
        if (req.signal?.aborted) {
          yield { type: 'finish', reason: 'cancelled' };
          return;
        }
        throw this.mapError(error, { url, model: req.model });
      }
    }
    const control = new RequestControl(req.signal, this.requestTimeoutMs, this.idleTimeoutMs, url);
    let outcome: StreamOutcome = { done: false };
    let status: number | undefined;
    let attempt = 0;
    let textSeen = false;
    let failure: GatewayError | undefined;
    let cancelled = false;
    let completed = false;
    try {
      for (;;) {
        let gotResponse = false;
        try {
          // Waiting for the response headers is silence too. The idle watch covers the whole wait,
          // the SDK's retries included, so a gateway that never answers costs one idle period, not
          // one per retry; every response the SDK gets (a retried 503 too) counts as activity.
          control.startIdle();
          const response = await this.sdkFor(control)
            .chat.completions.create(this.chatBody(req) as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: control.signal })
            .asResponse();
          gotResponse = true;
          status = response.status;
          control.touch();
          for await (const event of readChatResponse(response, outcome, { onBytes: () => control.touch(), providerName: this.preset.displayName, billingField: this.preset.billingField, url, limits: this.streamLimits })) {
            textSeen = true;
            yield event;
          }
          break;
        } catch (error) {
          if (control.cancelledByUser()) {
            cancelled = true;
            break;
          }
          const mapped =
            control.abortError() ??
            (error instanceof APIConnectionTimeoutError
              ? timeoutError('total', this.requestTimeoutMs, url)
              : this.mapError(error, { url, model: req.model, midStream: gotResponse }));
          if (mapped.kind === 'bad-request' && this.streamOptionsAccepted && /stream_options|include_usage/i.test(mapped.gatewayMessage ?? '')) {
            this.streamOptionsAccepted = false; // this gateway refuses stream_options: ask again without
            continue;
          }
          const refusal = req.tools?.length ? toolRefusal(mapped, req.model, this.preset.displayName) : undefined;
          if (refusal) {
            this.capabilities?.learnNoTools(this.preset.id, req.model, refusal.reason);
            failure = refusal.error;
            break;
          }
          // The SDK retried failures before the response; a stream that broke before any text is
          // retried here. One that already showed text never is: the reader would see it twice.
          if (gotResponse && !textSeen && mapped.kind === 'network' && attempt < this.maxRetries) {
            attempt++;
            outcome = { done: false };
            control.pauseIdle();
            this.log({ method: 'POST', path, status, ms: performance.now() - started, model: req.model, error: `${mapped.explanation} Retrying.` });
            if (!(await sleep(backoffMs(attempt), control.signal))) {
              cancelled = control.cancelledByUser();
              if (!cancelled) failure = control.abortError();
              break;
            }
            continue;
          }
          failure = mapped;
          break;
        }
      }
      // What the gateway reported before the end (or before the failure) still counts for billing.
      if (outcome.usage) yield { type: 'usage', usage: outcome.usage };
      if (outcome.billing) yield { type: 'billing', billing: outcome.billing };
      if (failure) throw failure;
      completed = !cancelled;
      yield { type: 'finish', reason: cancelled ? 'cancelled' : (outcome.finishReason ?? 'stop') };
    } finally {
      control.dispose(completed);
      release?.();
      this.log({
        method: 'POST',
        path,
        status: failure?.status ?? status,
        ms: performance.now() - started,
        model: req.model,
        ...(outcome.usage ? { usage: outcome.usage } : {}),
        ...(outcome.billing ? { billing: outcome.billing } : {}),
        ...(failure
          ? { error: `${failure.kind}: ${failure.explanation}` }
          : cancelled
            ? { error: 'cancelled' }
            : completed
              ? {}
              : { error: 'stopped: the caller stopped reading' }),
      });
    }
  }

  private chatBody(req: ChatRequest): Json {
    const body: Json = {
      model: req.model,
      messages: req.messages.map(wireMessage),
      stream: true,
      ...toolFields(req),
    };
    if (this.streamOptionsAccepted) body.stream_options = { include_usage: true };
    if (req.maxTokens !== undefined) {
      const cap = this.preset.maxTokensCap;
      body.max_tokens = Math.max(1, Math.floor(cap !== undefined ? Math.min(req.maxTokens, cap) : req.maxTokens));
    }
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.reasoning && this.preset.supportsReasoningFlag) body.reasoning = true;
    return body;
  }

  private async estimateTokens(req: ChatRequest): Promise<number> {
    // The exact count needs the tokenizer; until something else has loaded it, a rough count will do.
    const prompt = isTokenizerLoaded()
      ? await countMessageTokens(req.messages.map((m) => ({ content: promptText(m) })))
      : req.messages.reduce((sum, m) => sum + roughTokenCount(promptText(m)) + 4, 3);
    // Tool schemas are part of the prompt the gateway counts.
    const tools = req.tools?.length ? roughTokenCount(JSON.stringify(req.tools)) : 0;
    return prompt + tools + (req.maxTokens ?? this.preset.defaultMaxTokens ?? 0);
  }

  // -------------------------------------------------------------------------------------------
  // Images, videos, embeddings

  /** `/images/generations`; a gateway without it gets the prompt as a chat and its answer's image. */
  async generateImage(req: ImageRequest): Promise<ImageResult> {
    const body: Json = { model: req.model, prompt: req.prompt };
    if (req.n !== undefined) body.n = req.n;
    if (req.size) body.size = req.size;
    if (req.quality) body.quality = req.quality;
    if (req.responseFormat) body.response_format = req.responseFormat;
    try {
      const answer = await this.call('POST', '/images/generations', req.model, req.signal, (signal) =>
        this.sdk.post<unknown>('/images/generations', { body, signal }),
      );
      const { images: all, revisedPrompt } = imagesFromGenerations(answer);
      // Never more than were asked for (and paid for): a gateway that sends extra does not fill the disk.
      const images = all.slice(0, Math.max(1, req.n ?? 1));
      if (images.length === 0) throw protocolError('the answer contained no image', this.urlFor('/images/generations'));
      const billing = this.billingOf(answer);
      return { images, ...(billing ? { billing } : {}), ...(revisedPrompt ? { revisedPrompt } : {}) };
    } catch (error) {
      if (!(error instanceof GatewayError) || (error.kind !== 'not-found' && error.kind !== 'bad-base-url')) throw error;
      return this.imageViaChat(req);
    }
  }

  /**
   * Asks a chat model for an image (gateways such as HelyxAI's nano-banana or OpenRouter answer
   * image prompts in a chat): the image comes from the message's `images` field, a markdown image
   * or a data: URL in its text.
   */
  async imageViaChat(req: ImageRequest): Promise<ImageResult & { usage?: Usage }> {
    const answer = await this.call('POST', '/chat/completions', req.model, req.signal, (signal) =>
      this.sdk.chat.completions.create({ model: req.model, messages: [{ role: 'user', content: req.prompt }], stream: false }, { signal }),
    );
    const raw = answer as unknown as Json;
    const choice = Array.isArray(raw.choices) ? (raw.choices[0] as Json | undefined) : undefined;
    const found = await imagesFromChatMessage(choice?.message);
    // A chat model's answer is model output: its links are fetched only from public hosts (unless
    // the gateway itself is local), and no more of them than images were asked for.
    const images = fetchableImages(found, isLocalhost(this.baseUrl)).slice(0, Math.max(1, req.n ?? 1));
    if (images.length === 0) {
      const why = found.length > 0 ? `${req.model} answered only with image links on hosts Switchboard does not fetch from` : `${req.model} answered without an image`;
      throw protocolError(why, this.urlFor('/chat/completions'));
    }
    const billing = this.billingOf(raw);
    const usage = usageFrom(raw.usage);
    return { images, ...(billing ? { billing } : {}), ...(usage ? { usage } : {}) };
  }

  /** Starts an async video task: `POST /videos/generations` → task id. */
  async submitVideo(req: VideoRequest): Promise<VideoSubmitResult> {
    const body: Json = { model: req.model, prompt: req.prompt };
    if (req.seconds !== undefined) body.duration = req.seconds;
    if (req.size) body.size = req.size;
    const answer = await this.call('POST', '/videos/generations', req.model, req.signal, (signal) =>
      this.sdk.post<unknown>('/videos/generations', { body, signal }),
    );
    const { taskId, rawStatus } = videoSubmission(answer, this.unknownStatus);
    if (!taskId) throw protocolError('the answer carried no task id', this.urlFor('/videos/generations'));
    const billing = this.billingOf(answer);
    return { taskId, status: mapVideoStatus(rawStatus), rawStatus, ...(billing ? { billing } : {}) };
  }

  /** One poll of a video task: `GET /videos/generations/{id}`. */
  async getVideoTask(taskId: string, options: { signal?: AbortSignal } = {}): Promise<VideoTaskInfo> {
    const path = `/videos/generations/${encodeURIComponent(taskId)}`;
    const answer = await this.call('GET', path, undefined, options.signal, (signal) => this.sdk.get<unknown>(path, { signal }), false);
    const info = videoTaskFrom(taskId, answer, this.unknownStatus);
    if (info.videoUrl) {
      try {
        info.videoUrl = new URL(info.videoUrl, `${this.baseUrl}/`).toString();
      } catch {
        delete info.videoUrl;
      }
    }
    return info;
  }

  /**
   * Opens a download of a generated file. The key is sent only when the URL is on the gateway's
   * own origin. The returned body enforces `maxBytes` as it is read.
   */
  async download(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const started = performance.now();
    const shown = pathForLog(safeUrl(url, this.apiKey) ?? '', this.baseUrl);
    // The idle and total timeouts hold for downloads too: a host that sends headers and then
    // nothing fails the download (and frees whatever waits on it) instead of hanging forever.
    const control = new RequestControl(options.signal, this.requestTimeoutMs, this.idleTimeoutMs, safeUrl(url, this.apiKey));
    control.startIdle();
    try {
      const result = await downloadMedia(
        {
          fetch: this.baseFetch,
          baseUrl: this.baseUrl,
          apiKey: this.apiKey,
          providerName: this.preset.displayName,
          activity: () => control.touch(),
          abortError: () => (control.cancelledByUser() ? undefined : control.abortError()),
          onEnd: (completed) => control.dispose(completed),
        },
        url,
        { ...options, signal: control.signal },
      );
      this.log({ method: 'GET', path: shown, status: 200, ms: performance.now() - started });
      return result;
    } catch (error) {
      const failure = (control.cancelledByUser() ? undefined : control.abortError()) ?? this.mapError(error, { url: safeUrl(url, this.apiKey) });
      control.dispose();
      this.logFailure('GET', shown, started, failure);
      throw failure;
    }
  }

  async embed(req: EmbedRequest): Promise<EmbedResult> {
    const answer = await this.call('POST', '/embeddings', req.model, req.signal, (signal) =>
      this.sdk.embeddings.create({ model: req.model, input: req.input, encoding_format: 'float' }, { signal }),
    );
    const raw = answer as unknown as Json;
    const data = (Array.isArray(raw.data) ? raw.data : []).filter(isObj);
    data.sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
    const embeddings = data.map((d) => (Array.isArray(d.embedding) ? d.embedding.map(Number) : []));
    if (embeddings.length === 0) throw protocolError('the answer contained no embeddings', this.urlFor('/embeddings'));
    const usage = usageFrom(raw.usage);
    const billing = this.billingOf(raw);
    return { embeddings, ...(usage ? { usage } : {}), ...(billing ? { billing } : {}) };
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  /** One non-streamed SDK call: key check, limiter slot, total timeout, error mapping, log line. */
  private async call<T>(method: string, path: string, model: string | undefined, signal: AbortSignal | undefined, send: (signal: AbortSignal) => PromiseLike<T>, limited = true): Promise<T> {
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
      this.log({
        method,
        path,
        status: 200,
        ms: performance.now() - started,
        ...(model ? { model } : {}),
        ...(isObj(raw) && usageFrom(raw.usage) ? { usage: usageFrom(raw.usage) } : {}),
        ...(this.billingOf(raw) ? { billing: this.billingOf(raw) } : {}),
      });
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

  /** The SDK with a fetch that reports every response (and every attempt) as activity on `control`. */
  private sdkFor(control: RequestControl): OpenAI {
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

  private requireKey(): void {
    if (this.canAuthenticate) return;
    throw new GatewayError({
      kind: 'unauthorized',
      explanation: `No API key is set for ${this.preset.displayName}: set one to continue.`,
      action: 'set-key',
      retryable: false,
    });
  }

  private urlFor(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  private mapError(error: unknown, ctx: ErrorContext): GatewayError {
    return toGatewayError(error, {
      providerName: this.preset.displayName,
      dailyReset: !!this.preset.dailyReset,
      firstContact: !this.contacted,
      secrets: [this.apiKey],
      ...ctx,
    });
  }

  private readonly unknownStatus = (word: string): void => {
    this.onWarning?.(`Unknown video status "${redact(word, this.apiKey)}" from ${this.preset.displayName}; treating it as running.`);
  };

  private log(entry: RequestLogEntry): void {
    if (!this.onLog) return;
    const clean: RequestLogEntry = { ...entry, ms: Math.round(entry.ms) };
    if (clean.error) clean.error = redact(clean.error, this.apiKey);
    try {
      this.onLog(clean);
    } catch {
      // A broken log sink must not break requests.
    }
  }

  private logFailure(method: string, path: string, started: number, failure: GatewayError, model?: string): void {
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

/** Exponential backoff with jitter, the SDK's curve: 0.5 s, 1 s, 2 s … at most 8 s, minus up to 25 %. */
function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 1), 8000) * (1 - Math.random() * 0.25);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
