// A gateway's GET /models merged with the preset's catalogue: the gateway says which models exist,
// the catalogue says what they are (kind, rate, Pro, reasoning). Models only the gateway knows get
// their kind guessed from the id, or from a type field when the gateway sends one.
import { capabilitiesFromGateway } from './capabilities';
import type { ModelInfo, ModelKind, ProviderPreset } from './types';

const KIND_HINTS: readonly [ModelKind, RegExp][] = [
  ['embedding', /embed/i],
  ['video', /\b(?:sora|kling|runway|veo|vo\d|video|hailuo|luma|pika|wan-?\d)/i],
  ['image', /dall-?e|image|midjourney|\bmj\b|stable-?diffusion|\bsdxl?\b|flux|imagen|banana|ideogram|recraft|seedream/i],
];
const REASONING_HINT = /(?:^|[-_/])(?:o1|o3|o4)(?:$|[-_])|r1\b|reason|think|qwq/i;

export function guessKind(id: string): ModelKind {
  for (const [kind, pattern] of KIND_HINTS) if (pattern.test(id)) return kind;
  return 'chat';
}

function kindFromField(value: unknown): ModelKind | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  if (v.includes('embed')) return 'embedding';
  if (v.includes('video')) return 'video';
  if (v.includes('image')) return 'image';
  if (v.includes('chat') || v.includes('text') || v.includes('llm') || v.includes('language')) return 'chat';
  return undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** One /models entry as ModelInfo, filled in from the catalogue where the preset knows the id. */
export function modelFromGateway(raw: Record<string, unknown>, known: ModelInfo | undefined): ModelInfo | undefined {
  const id = str(raw.id);
  if (!id) return undefined;
  if (known) {
    return {
      ...known,
      contextWindow: known.contextWindow ?? num(raw.context_length) ?? num(raw.context_window),
      // The gateway knows what it serves better than our catalogue does.
      ...capabilitiesFromGateway(raw),
      source: 'both',
    };
  }
  const info: ModelInfo = {
    id,
    displayName: str(raw.name) ?? str(raw.display_name) ?? id,
    kind: kindFromField(raw.type) ?? kindFromField(raw.kind) ?? kindFromField(raw.mode) ?? guessKind(id),
    pro: false,
    reasoning: REASONING_HINT.test(id),
    source: 'gateway',
    ...capabilitiesFromGateway(raw),
  };
  const description = str(raw.description);
  if (description) info.description = description;
  const contextWindow = num(raw.context_length) ?? num(raw.context_window) ?? num(raw.max_context_length);
  if (contextWindow) info.contextWindow = contextWindow;
  const maxOutput = num(raw.max_output_tokens) ?? num(raw.max_completion_tokens);
  if (maxOutput) info.maxOutputTokens = maxOutput;
  return info;
}

/**
 * The gateway's list enriched from the catalogue. When the gateway answered, its list is the truth
 * (catalogue-only models are left out: they may not exist there); without an answer, the catalogue.
 */
export function mergeModels(preset: ProviderPreset, gatewayModels: readonly unknown[] | undefined): ModelInfo[] {
  if (!gatewayModels) return preset.catalogue.map((m) => ({ ...m, source: 'catalogue' as const }));
  const byId = new Map(preset.catalogue.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const known: ModelInfo[] = [];
  const extra: ModelInfo[] = [];
  for (const raw of gatewayModels) {
    if (typeof raw !== 'object' || raw === null) continue;
    const entry = modelFromGateway(raw as Record<string, unknown>, byId.get(String((raw as { id?: unknown }).id)));
    if (!entry || seen.has(entry.id)) continue;
    seen.add(entry.id);
    (entry.source === 'both' ? known : extra).push(entry);
  }
  // Catalogue order first (curated), then the rest alphabetically.
  const order = new Map(preset.catalogue.map((m, i) => [m.id, i]));
  known.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  extra.sort((a, b) => a.id.localeCompare(b.id));
  return [...known, ...extra];
}

/**
 * The list for a gateway that has no /models and no catalogue (many local servers): the models the
 * user configured or typed, so the picker still offers them.
 */
export function fallbackModels(ids: readonly string[]): ModelInfo[] {
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const raw of ids) {
    const id = raw.trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    models.push({ id, displayName: id, kind: guessKind(id), pro: false, reasoning: REASONING_HINT.test(id), source: 'gateway' });
  }
  return models;
}
