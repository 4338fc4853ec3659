// GatewayClient: one configured gateway (preset + base URL + key). Models and the streamed chat
// live here; images and videos (mediaRequests.ts), embeddings (embeddings.ts) and downloads
// (download.ts) are their own files. All of them go through one RequestCore (requestCore.ts): the
// openai SDK (auth, headers, retries with backoff and Retry-After, status errors), the limiter,
// timeouts, error mapping and the log. The chat body is then read by chatStream.ts.
import { APIConnectionTimeoutError, type OpenAI } from 'openai';
import { LIMITS, readTextCapped, tooMuchError, type StreamLimits } from './bounds';
import type { StreamOutcome } from './chatChunks';
import { readChatResponse } from './chatStream';
import { toolRefusal, type CapabilityBook } from './capabilities';
import { downloadFrom } from './download';
import { embed } from './embeddings';
import { timeoutError, type GatewayError } from './errors';
import type { Release } from './limiter';
import { generateImage, getVideoTask, imageViaChat, submitVideo } from './mediaRequests';
import { fallbackModels, mergeModels } from './modelList';
import { RequestCore, isObj, type Json, type RequestCoreOptions } from './requestCore';
import { isTokenizerLoaded, countMessageTokens, roughTokenCount } from './tokenizer';
import { promptText, toolFields, wireMessage } from './toolWire';
import type {
  ChatEvent,
  ChatRequest,
  DownloadOptions,
  DownloadResult,
  EmbedRequest,
  EmbedResult,
  ImageRequest,
  ImageResult,
  ModelInfo,
  ProviderPreset,
  VideoRequest,
  Usage,
  VideoSubmitResult,
  VideoTaskInfo,
} from './types';

export interface GatewayClientOptions extends RequestCoreOptions {
  /** How long a model list stays fresh. Default 10 min. */
  modelsTtlMs?: number;
  /** Bounds on one streamed reply; LIMITS by default (tests lower them). */
  streamLimits?: Partial<StreamLimits>;
  /** Where a gateway's refusal of `tools` for a model is remembered (see capabilities.ts). */
  capabilities?: CapabilityBook;
}

const DEFAULT_MODELS_TTL_MS = 600_000;

export class GatewayClient {
  private readonly core: RequestCore;
  private readonly modelsTtlMs: number;
  private readonly streamLimits: StreamLimits;
  private readonly capabilities?: CapabilityBook;
  private streamOptionsAccepted = true;
  private modelsCache?: { at: number; models: ModelInfo[] };

  constructor(options: GatewayClientOptions) {
    this.core = new RequestCore(options);
    this.capabilities = options.capabilities;
    this.modelsTtlMs = options.modelsTtlMs ?? DEFAULT_MODELS_TTL_MS;
    this.streamLimits = { sseLineChars: LIMITS.sseLineChars, replyChars: LIMITS.replyChars, ...options.streamLimits };
  }

  get preset(): ProviderPreset {
    return this.core.preset;
  }

  get baseUrl(): string {
    return this.core.baseUrl;
  }

  /** True when requests can be sent: a key is set, or the gateway is local and the preset allows no key. */
  get canAuthenticate(): boolean {
    return this.core.canAuthenticate;
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
      this.core.requireKey();
      const started = performance.now();
      try {
        const body = await this.readModelsBody(options.signal);
        const found = isObj(body) && Array.isArray(body.data) ? body.data : isObj(body) && Array.isArray(body.models) ? body.models : Array.isArray(body) ? body : undefined;
        models = mergeModels(this.preset, found?.slice(0, LIMITS.modelsCount));
        this.core.log({ method: 'GET', path: '/models', status: 200, ms: performance.now() - started });
      } catch (error) {
        const failure = this.core.mapError(error, { url: this.core.urlFor('/models') });
        this.core.logFailure('GET', '/models', started, failure);
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
    const response = await this.core.sdk.get('/models', { signal }).asResponse();
    const { text, truncated } = await readTextCapped(response.body, LIMITS.modelsBytes);
    if (truncated) throw tooMuchError('a model list', `${LIMITS.modelsBytes / (1024 * 1024)} MB`, this.core.urlFor('/models'));
    return JSON.parse(text) as unknown;
  }

  // -------------------------------------------------------------------------------------------
  // Chat

  /**
   * Streams one chat reply as events. Cancellation (req.signal) ends the iteration with
   * `{type:'finish', reason:'cancelled'}`; anything else that goes wrong throws a GatewayError
   * after the events that did arrive (partial text is the consumer's to keep).
   */
  async *chat(req: ChatRequest): AsyncGenerator<ChatEvent, void, undefined> {
    const started = performance.now();
    const path = '/chat/completions';
    const url = this.core.urlFor(path);
    if (req.signal?.aborted) {
      yield { type: 'finish', reason: 'cancelled' };
      return;
    }
    this.core.requireKey();
    let release: Release | undefined;
    if (this.core.limiter) {
      try {
        release = await this.core.limiter.acquire({ tokens: await this.estimateTokens(req), signal: req.signal });
      } catch (error) {
        if (req.signal?.aborted) {
          yield { type: 'finish', reason: 'cancelled' };
          return;
        }
        throw this.core.mapError(error, { url, model: req.model });
      }
    }
    const control = this.core.control(req.signal, url);
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
          const response = await this.core.sdkFor(control)
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
              ? timeoutError('total', this.core.requestTimeoutMs, url)
              : this.core.mapError(error, { url, model: req.model, midStream: gotResponse }));
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
          if (gotResponse && !textSeen && mapped.kind === 'network' && attempt < this.core.maxRetries) {
            attempt++;
            outcome = { done: false };
            control.pauseIdle();
            this.core.log({ method: 'POST', path, status, ms: performance.now() - started, model: req.model, error: `${mapped.explanation} Retrying.` });
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
      this.core.log({
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
  // Images, videos, embeddings, downloads: their own files, over the same request core.

  /** `/images/generations`; a gateway without it gets the prompt as a chat and its answer's image. */
  generateImage(req: ImageRequest): Promise<ImageResult> {
    return generateImage(this.core, req);
  }

  /** An image asked of a chat model (nano-banana, OpenRouter): from its message's images or links. */
  imageViaChat(req: ImageRequest): Promise<ImageResult & { usage?: Usage }> {
    return imageViaChat(this.core, req);
  }

  /** Starts an async video task: `POST /videos/generations` → task id. */
  submitVideo(req: VideoRequest): Promise<VideoSubmitResult> {
    return submitVideo(this.core, req);
  }

  /** One poll of a video task: `GET /videos/generations/{id}`. */
  getVideoTask(taskId: string, options: { signal?: AbortSignal } = {}): Promise<VideoTaskInfo> {
    return getVideoTask(this.core, taskId, options);
  }

  /** Opens a download of a generated file; the key goes only to the gateway's own origin. */
  download(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    return downloadFrom(this.core, url, options);
  }

  embed(req: EmbedRequest): Promise<EmbedResult> {
    return embed(this.core, req);
  }
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
