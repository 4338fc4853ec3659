// What a `vscode.lm` caller may ask for beyond messages: a few model options, and tools.
import type { ChatRequest } from '../gateway/types';

/** LanguageModelChatToolMode.Required: the caller insists the model answers with a tool call. */
const TOOL_MODE_REQUIRED = 2;

export interface ResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly { readonly name: string; readonly description?: string; readonly inputSchema?: object }[];
  readonly toolMode?: number;
}

export interface RequestSettings {
  maxTokens: number;
  temperature: number;
}

/**
 * The request's max_tokens and temperature: the caller's modelOptions where they are sensible,
 * never more tokens than the user's own limit (it is their credits), else the user's settings.
 */
export function requestSettings(options: ResponseOptions, defaults: RequestSettings): RequestSettings {
  const model = options.modelOptions ?? {};
  const askedTokens = positiveInt(model.max_tokens) ?? positiveInt(model.maxTokens) ?? positiveInt(model.max_completion_tokens);
  const askedTemperature = model.temperature;
  return {
    maxTokens: askedTokens !== undefined ? Math.min(askedTokens, defaults.maxTokens) : defaults.maxTokens,
    temperature: typeof askedTemperature === 'number' && askedTemperature >= 0 && askedTemperature <= 2 ? askedTemperature : defaults.temperature,
  };
}

/** The caller's tools as the gateway's tool definitions, and Required mode as tool_choice 'required'. */
export function requestTools(options: ResponseOptions): Pick<ChatRequest, 'tools' | 'toolChoice'> {
  if (!options.tools?.length) return {};
  const tools = options.tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
  }));
  return { tools, toolChoice: options.toolMode === TOOL_MODE_REQUIRED ? 'required' : 'auto' };
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}
