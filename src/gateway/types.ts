// The gateway core's public data types. Other folders code against these names: add, never rename.

import type { ImagePart, ToolCall, ToolChoice, ToolDefinition, ToolResultMessage } from './toolTypes';

export type { ImagePart, ToolCall, ToolChoice, ToolDefinition, ToolResultMessage } from './toolTypes';

export type ModelKind = 'chat' | 'image' | 'video' | 'embedding';

export interface ModelRate {
  /** Credits per token (prompt and completion alike). */
  perToken?: number;
  /** Credits per generated image. */
  perImage?: number;
  /** Credits per generated video. */
  perVideo?: number;
  /** What a person reads: "0.2 cr/tok", "200 cr/img", "TBD". */
  label: string;
}

export interface ModelInfo {
  id: string;
  displayName: string;
  kind: ModelKind;
  rate?: ModelRate;
  pro: boolean;
  reasoning: boolean;
  description?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** Declared by the catalogue or the gateway's /models; undefined when neither said (see capabilities.ts). */
  toolCalling?: boolean;
  imageInput?: boolean;
  /** Where this entry came from: the preset's catalogue, the gateway's /models, or both. */
  source?: 'catalogue' | 'gateway' | 'both';
}

export interface ProviderLimits {
  requestsPerMinute?: number;
  requestsPerHour?: number;
  tokensPerMinute?: number;
  concurrentStreams?: number;
}

export interface DailyReset {
  /** Offset of the reset's time zone from UTC, in minutes (PKT is +300). */
  utcOffsetMinutes: number;
  /** Local hour of the reset, 0–23. */
  hour: number;
}

/**
 * One gateway as data: everything provider-specific lives here, so a new OpenAI-compatible
 * gateway is one entry in providers.ts plus its settings in package.json.
 */
export interface ProviderPreset {
  /** The preset's key in PROVIDERS (a `ProviderId`); a string here so this file needs no presets. */
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  keyPrefix?: string;
  keyOptionalForLocalhost: boolean;
  hasModelsEndpoint: boolean;
  catalogue: ModelInfo[];
  defaultModel?: string;
  /** 'credits' */
  creditUnit: string;
  reportsBalance: boolean;
  dailyReset?: DailyReset;
  maxTokensCap?: number;
  limits?: ProviderLimits;
  supportsReasoningFlag: boolean;
  /** max_tokens the gateway assumes when none is sent (bounds the cost estimate). */
  defaultMaxTokens?: number;
  /** The API's path under the host, added when a pasted base URL lacks it (default `/v1`). */
  apiPath?: string;
  /** The body field carrying credits charged and remaining (`{credits_charged, credits_remaining}`). */
  billingField?: string;
  /** Image sizes and qualities the gateway takes; absent when it prices and renders regardless. */
  imageOptions?: { sizes: string[]; qualities: string[] };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** User messages: images after the text (models that take images only). */
  images?: ImagePart[];
  /** Assistant messages: the tool calls the model made in that turn. */
  toolCalls?: ToolCall[];
}

export interface ChatRequest {
  model: string;
  messages: (ChatMessage | ToolResultMessage)[];
  maxTokens?: number;
  temperature?: number;
  reasoning?: boolean;
  signal?: AbortSignal;
  /** Functions the model may call; a reply that calls them ends with finish reason 'tool_calls'. */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Sent only when set, and only with tools: not every gateway knows the field. */
  parallelToolCalls?: boolean;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Billing {
  creditsCharged?: number;
  creditsRemaining?: number;
}

export type ChatEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'billing'; billing: Billing }
  /** One complete tool call, emitted once its arguments are whole (at the end of the reply). */
  | { type: 'toolCall'; call: ToolCall }
  /** reason: 'stop' | 'length' | 'cancelled' | whatever the gateway sent */
  | { type: 'finish'; reason: string };

export type GatewayErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'insufficient-credits'
  | 'plan-required'
  | 'not-found'
  | 'model-not-found'
  | 'bad-base-url'
  | 'rate-limited'
  | 'server'
  | 'overloaded'
  | 'network'
  | 'timeout'
  | 'protocol'
  | 'cancelled'
  | 'too-large'
  | 'unknown';

/** What a failure offers the user; the editor's error-action table (src/errors/) gives each its label and run. */
export const GATEWAY_ACTIONS = ['set-key', 'wait-or-top-up', 'upgrade-plan', 'pick-model', 'retry', 'check-base-url', 'fix-request', 'none'] as const;
export type GatewayAction = (typeof GATEWAY_ACTIONS)[number];

export interface RequestLogEntry {
  method: string;
  /** Path relative to the base URL (or the full URL for other origins), never with a key. */
  path: string;
  status?: number;
  ms: number;
  model?: string;
  usage?: Usage;
  billing?: Billing;
  error?: string;
}

export type VideoStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type GeneratedImage = { kind: 'url'; url: string } | { kind: 'b64'; data: Uint8Array; mimeType?: string };

export interface ImageRequest {
  model: string;
  prompt: string;
  size?: string;
  quality?: string;
  n?: number;
  responseFormat?: 'url' | 'b64_json';
  signal?: AbortSignal;
}

export interface ImageResult {
  images: GeneratedImage[];
  billing?: Billing;
  revisedPrompt?: string;
}

export interface VideoRequest {
  model: string;
  prompt: string;
  seconds?: number;
  size?: string;
  signal?: AbortSignal;
}

export interface VideoSubmitResult {
  taskId: string;
  status: VideoStatus;
  rawStatus?: string;
  billing?: Billing;
}

export interface VideoTaskInfo {
  taskId: string;
  status: VideoStatus;
  rawStatus: string;
  /** 0–100 where the gateway reports it. */
  progress?: number;
  videoUrl?: string;
  error?: string;
  billing?: Billing;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Refuse (kind 'too-large') when the body is, or grows, larger than this. */
  maxBytes?: number;
  /** Refuse (kind 'protocol') a response whose content-type does not match. */
  expectContentType?: RegExp;
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export interface DownloadResult {
  /** The body; reading it enforces maxBytes and reports progress. */
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** From Content-Length, when the server sent one. */
  contentLength?: number;
}

export interface EmbedRequest {
  model: string;
  input: string | string[];
  signal?: AbortSignal;
}

export interface EmbedResult {
  embeddings: number[][];
  usage?: Usage;
  billing?: Billing;
}

