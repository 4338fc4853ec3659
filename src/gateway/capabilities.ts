// What a model can take: tool calls, images, how long a context. Four sources, later ones winning:
// the kind's default (chat models are assumed to call tools until the gateway says otherwise), the
// catalogue and the gateway's /models (already merged into ModelInfo), experience (a gateway that
// refused `tools` for a model, remembered with its one-line reason), and the user's own declaration
// in `switchboard.models.capabilities`.
import { GatewayError } from './errors';
import type { ModelInfo } from './types';

export interface ModelCapabilities {
  toolCalling: boolean;
  imageInput: boolean;
  contextWindow?: number;
  /** Why toolCalling is false, in one line, when experience says so (for the UI). */
  toolCallingReason?: string;
}

/** What a user may declare per model id. */
export interface CapabilityDeclaration {
  toolCalling?: boolean;
  imageInput?: boolean;
  contextWindow?: number;
}

export interface LearnedNoTools {
  reason: string;
  at: number;
}

/** Persistence the extension provides (globalState); the book works without it, for one session. */
export interface CapabilityStorage {
  load(): unknown;
  save(state: unknown): PromiseLike<void> | void;
}

const MAX_DECLARATIONS = 500;
const MAX_LEARNED = 500;
const MAX_REASON_CHARS = 300;

/** Experience: which models a gateway refused tools for, per provider (its preset id). */
export class CapabilityBook {
  private readonly noTools = new Map<string, LearnedNoTools>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage?: CapabilityStorage,
    private readonly now: () => number = Date.now,
  ) {
    const saved = storage?.load() as { v?: unknown; noTools?: unknown } | undefined;
    if (saved?.v === 1 && typeof saved.noTools === 'object' && saved.noTools !== null) {
      for (const [key, value] of Object.entries(saved.noTools).slice(0, MAX_LEARNED)) {
        const entry = value as Partial<LearnedNoTools> | null;
        if (typeof entry?.reason === 'string' && typeof entry.at === 'number') this.noTools.set(key, { reason: entry.reason.slice(0, MAX_REASON_CHARS), at: entry.at });
      }
    }
  }

  learnNoTools(provider: string, model: string, reason: string): void {
    if (this.noTools.size >= MAX_LEARNED) this.noTools.delete(this.noTools.keys().next().value as string);
    this.noTools.set(key(provider, model), { reason: oneLine(reason).slice(0, MAX_REASON_CHARS), at: this.now() });
    this.changed();
  }

  learned(provider: string, model: string): LearnedNoTools | undefined {
    return this.noTools.get(key(provider, model));
  }

  /** Forgets one model, or everything learned about a provider's models. */
  forget(provider: string, model?: string): void {
    const before = this.noTools.size;
    if (model !== undefined) this.noTools.delete(key(provider, model));
    else for (const k of [...this.noTools.keys()]) if (k.startsWith(`${provider}/`)) this.noTools.delete(k);
    if (this.noTools.size !== before) this.changed();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    void Promise.resolve(this.storage?.save({ v: 1, noTools: Object.fromEntries(this.noTools) })).catch(() => undefined);
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // One listener's failure must not stop the others.
      }
    }
  }
}

/** A model's capabilities from every source; `info` may be undefined for a model no list knows. */
export function resolveCapabilities(
  provider: string,
  modelId: string,
  info: ModelInfo | undefined,
  book: CapabilityBook | undefined,
  declared: Readonly<Record<string, CapabilityDeclaration>> = {},
): ModelCapabilities {
  const isChat = (info?.kind ?? 'chat') === 'chat';
  const caps: ModelCapabilities = { toolCalling: isChat && info?.toolCalling !== false, imageInput: isChat && info?.imageInput === true };
  if (info?.contextWindow !== undefined) caps.contextWindow = info.contextWindow;
  const learned = book?.learned(provider, modelId);
  if (learned) {
    caps.toolCalling = false;
    caps.toolCallingReason = learned.reason;
  }
  const own = Object.prototype.hasOwnProperty.call(declared, modelId) ? declared[modelId] : undefined;
  if (own?.toolCalling !== undefined) {
    caps.toolCalling = own.toolCalling;
    if (own.toolCalling) delete caps.toolCallingReason;
  }
  if (own?.imageInput !== undefined) caps.imageInput = own.imageInput;
  if (own?.contextWindow !== undefined) caps.contextWindow = own.contextWindow;
  return caps;
}

/**
 * What a /models entry says about tools and images, in the shapes gateways use: a `capabilities`
 * object (`tools`, `tool_calling`, `function_calling`, `vision`, `image_input`), LiteLLM's
 * `supports_function_calling` / `supports_vision`, OpenRouter's `supported_parameters` and
 * `architecture.input_modalities`. Only what the entry states; silence stays undefined.
 */
export function capabilitiesFromGateway(raw: Record<string, unknown>): { toolCalling?: boolean; imageInput?: boolean } {
  const caps = (typeof raw.capabilities === 'object' && raw.capabilities !== null ? raw.capabilities : {}) as Record<string, unknown>;
  const flag = (...values: unknown[]): boolean | undefined => values.find((v): v is boolean => typeof v === 'boolean');
  let toolCalling = flag(caps.tools, caps.tool_calling, caps.function_calling, raw.supports_function_calling, raw.supports_tools, raw.tool_calling);
  let imageInput = flag(caps.vision, caps.image_input, raw.supports_vision, raw.image_input);
  if (toolCalling === undefined && Array.isArray(raw.supported_parameters)) toolCalling = raw.supported_parameters.includes('tools');
  const modalities = (raw.architecture as { input_modalities?: unknown } | undefined)?.input_modalities;
  if (imageInput === undefined && Array.isArray(modalities)) imageInput = modalities.includes('image');
  return { ...(toolCalling !== undefined ? { toolCalling } : {}), ...(imageInput !== undefined ? { imageInput } : {}) };
}

/** The setting's value, keeping only well-formed entries (it is typed by hand into settings.json). */
export function parseCapabilityDeclarations(raw: unknown): Record<string, CapabilityDeclaration> {
  const out: Record<string, CapabilityDeclaration> = Object.create(null) as Record<string, CapabilityDeclaration>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, value] of Object.entries(raw).slice(0, MAX_DECLARATIONS)) {
    if (id === '' || id.length > 200 || typeof value !== 'object' || value === null) continue;
    const v = value as Record<string, unknown>;
    const entry: CapabilityDeclaration = {};
    if (typeof v.toolCalling === 'boolean') entry.toolCalling = v.toolCalling;
    if (typeof v.imageInput === 'boolean') entry.imageInput = v.imageInput;
    if (typeof v.contextWindow === 'number' && Number.isInteger(v.contextWindow) && v.contextWindow > 0 && v.contextWindow <= 100_000_000) entry.contextWindow = v.contextWindow;
    if (Object.keys(entry).length > 0) out[id] = entry;
  }
  return out;
}

// A refusal names tools or functions and says they are not supported: OpenAI ("Unsupported
// parameter: 'tools' is not supported with this model"), Ollama ("does not support tools"), vLLM
// ("auto" tool choice requires --enable-auto-tool-choice), pydantic servers ("Extra inputs are not
// permitted"). A 400 about a malformed tool ("Invalid schema for function 'x'") is not a refusal:
// learning from it would take tools away from a model that has them.
const TOOL_WORDS = /\btools?\b|tool_choice|tool[ _-]?call|\bfunctions?\b|function[ _-]?call/i;
const REFUSAL_WORDS = /not supported|does(?: not|n't) support|unsupported|not enabled|enable-auto-tool-choice|not permitted|not allowed|unrecogni[sz]ed|unknown (?:field|parameter|argument)|no support/i;

/**
 * When a 400 for a request that carried tools says the model or gateway does not take them, the
 * one-line reason to remember and show; otherwise undefined (the 400 was about something else).
 */
export function toolRefusalReason(error: GatewayError, model: string, providerName: string): string | undefined {
  if (error.kind !== 'bad-request' && error.status !== 400 && error.status !== 422) return undefined;
  const said = oneLine(error.gatewayMessage ?? '');
  if (!TOOL_WORDS.test(said) || !REFUSAL_WORDS.test(said)) return undefined;
  return `${providerName} refused tools for ${model}: "${said.slice(0, 200)}"`;
}

/** The error a caller sees when a gateway refuses tools, with the reason to remember. */
export function toolRefusal(error: GatewayError, model: string, providerName: string): { reason: string; error: GatewayError } | undefined {
  const reason = toolRefusalReason(error, model, providerName);
  if (!reason) return undefined;
  const explained = new GatewayError({
    kind: 'bad-request',
    explanation: `${model} does not take tools at ${providerName}, so it cannot act as an agent; Switchboard will not offer it tools again. Pick another model, or declare it in switchboard.models.capabilities if the gateway changes.`,
    action: 'pick-model',
    retryable: false,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.gatewayMessage !== undefined ? { gatewayMessage: error.gatewayMessage } : {}),
    ...(error.url !== undefined ? { url: error.url } : {}),
  });
  return { reason, error: explained };
}

function key(provider: string, model: string): string {
  return `${provider}/${model}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
