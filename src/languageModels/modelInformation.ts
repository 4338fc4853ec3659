// What VS Code's model picker and `vscode.lm` see of a Switchboard model. Plain data, no `vscode`
// import: the shape is structurally a LanguageModelChatInformation, plus the provider it belongs
// to, which VS Code hands back unchanged with every request for that model.
import type { ModelInfo } from '../gateway/types';
import type { ProviderId } from '../gateway/providers';

/** Gateways rarely publish context windows; assume a modest one so VS Code trims rather than overflows. */
export const DEFAULT_CONTEXT_WINDOW = 32_768;
/** Never advertise less room for the prompt than this, whatever the numbers say. */
const MIN_INPUT_TOKENS = 1_024;

export interface SwitchboardModelInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip: string;
  readonly detail: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly imageInput: boolean; readonly toolCalling: boolean };
  /** The gateway that serves this model; requests for it go there even if the provider setting changed since. */
  readonly provider: ProviderId;
}

export interface ProviderContext {
  provider: ProviderId;
  providerLabel: string;
  /** max_tokens Switchboard sends (the setting, capped by the provider). */
  maxTokens: number;
  /** What the model can take (from ModelCapabilityService); absent means text only, no tools. */
  capabilities?: (model: ModelInfo) => { imageInput: boolean; toolCalling: boolean };
}

/** Only chat models belong in a chat model picker: image, video and embedding models do not answer text. */
export function chatModelsOnly(models: readonly ModelInfo[]): ModelInfo[] {
  return models.filter((m) => m.kind === 'chat');
}

export function toModelInformation(model: ModelInfo, ctx: ProviderContext): SwitchboardModelInformation {
  const maxOutputTokens = Math.max(1, Math.min(ctx.maxTokens, model.maxOutputTokens ?? ctx.maxTokens));
  const contextWindow = model.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  const maxInputTokens = Math.max(MIN_INPUT_TOKENS, contextWindow - maxOutputTokens);
  const rate = model.rate?.label;
  return {
    id: model.id,
    name: model.displayName,
    // Gateways report no model families or versions: the id is the most specific family a selector
    // can ask for, and the gateway serving it is what tells two same-named models apart.
    family: model.id,
    version: ctx.provider,
    detail: [ctx.providerLabel, rate, model.pro ? 'Pro' : ''].filter(Boolean).join(' · '),
    tooltip: tooltipFor(model, ctx.providerLabel),
    maxInputTokens,
    maxOutputTokens,
    capabilities: ctx.capabilities?.(model) ?? { imageInput: false, toolCalling: false },
    provider: ctx.provider,
  };
}

function tooltipFor(model: ModelInfo, providerLabel: string): string {
  const lines = [`${model.displayName} (${model.id}) via ${providerLabel} through Switchboard.`];
  if (model.description) lines.push(model.description);
  lines.push(model.rate?.label ? `Rate: ${model.rate.label}, billed to your ${providerLabel} account.` : `Billed to your ${providerLabel} account.`);
  if (model.pro) lines.push('Requires a Pro plan.');
  return lines.join('\n');
}
