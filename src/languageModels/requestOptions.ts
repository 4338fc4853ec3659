// What a `vscode.lm` caller may ask for beyond messages: a few model options, and tools, which the
// gateways behind Switchboard cannot call.
import { UnsupportedRequestError } from './requestMessages';

/** LanguageModelChatToolMode.Required: the caller insists the model answers with a tool call. */
const TOOL_MODE_REQUIRED = 2;

export interface ResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly { readonly name: string }[];
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
  if (options.tools?.length && options.toolMode === TOOL_MODE_REQUIRED) {
    const names = options.tools.map((t) => t.name).join(', ');
    throw new UnsupportedRequestError(`This request requires a tool call (${names}), but Switchboard's models do not call tools.`);
  }
  const model = options.modelOptions ?? {};
  const askedTokens = positiveInt(model.max_tokens) ?? positiveInt(model.maxTokens) ?? positiveInt(model.max_completion_tokens);
  const askedTemperature = model.temperature;
  return {
    maxTokens: askedTokens !== undefined ? Math.min(askedTokens, defaults.maxTokens) : defaults.maxTokens,
    temperature: typeof askedTemperature === 'number' && askedTemperature >= 0 && askedTemperature <= 2 ? askedTemperature : defaults.temperature,
  };
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}
