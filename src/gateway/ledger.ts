// The billing ledger of one provider: the balance the gateway last reported, what each request
// cost, spend this session and today, the time to the daily reset, and estimates before sending.
import { lastResetAt, nextResetAt } from './dailyReset';
import { countMessageTokens } from './tokenizer';
import type { Billing, ChatMessage, ModelRate, ProviderPreset, Usage } from './types';

/** Persistence the extension provides (e.g. a JSON file under globalStorageUri). */
export interface LedgerStorage {
  load(): Promise<unknown>;
  save(state: unknown): Promise<void>;
}

export interface CostRecord {
  at: number;
  model: string;
  /** Undefined when neither the gateway nor a known rate says what it cost. */
  credits?: number;
  /** True when computed from tokens × rate rather than reported by the gateway. */
  estimated: boolean;
  usage?: Usage;
}

export interface BalanceReading {
  credits: number;
  at: number;
}

export interface LedgerSnapshot {
  /** The preset's id (a ProviderId for the built-in presets). */
  providerId: string;
  creditUnit: string;
  reportsBalance: boolean;
  balance?: BalanceReading;
  /** The balance was reported before the last daily reset, so it is out of date. */
  balanceStale: boolean;
  lastCost?: CostRecord;
  sessionSpend: number;
  sessionSpendEstimated: boolean;
  todaySpend: number;
  todaySpendEstimated: boolean;
  /** When credits next reset; undefined for gateways without a daily reset. */
  nextResetAt?: number;
  msUntilReset?: number;
}

export interface CostEstimate {
  promptTokens: number;
  maxCompletionTokens: number;
  /** Cost if the reply were empty; undefined when the model's rate is unknown. */
  minCredits?: number;
  /** Cost if the reply used all of max_tokens; undefined when the model's rate is unknown. */
  maxCredits?: number;
  estimated: true;
}

export interface RecordInput {
  model: string;
  usage?: Usage;
  billing?: Billing;
  /** Images generated, for per-image rates. */
  images?: number;
  /** Videos generated, for per-video rates. */
  videos?: number;
}

export interface LedgerOptions {
  preset: ProviderPreset;
  storage?: LedgerStorage;
  now?: () => number;
  /** Rates of models the catalogue lacks (e.g. from the gateway's /models). */
  rateFor?: (model: string) => ModelRate | undefined;
}

interface PersistedState {
  v: 1;
  balance?: BalanceReading;
  day?: { start: number; spend: number; estimated: boolean };
  last?: CostRecord;
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export class BillingLedger {
  private readonly preset: ProviderPreset;
  private readonly storage?: LedgerStorage;
  private readonly now: () => number;
  private readonly rateFor?: (model: string) => ModelRate | undefined;
  private readonly listeners = new Set<(snapshot: LedgerSnapshot) => void>();
  private balance?: BalanceReading;
  private last?: CostRecord;
  private sessionSpend = 0;
  private sessionEstimated = false;
  private day: { start: number; spend: number; estimated: boolean };
  private saving: Promise<void> = Promise.resolve();

  constructor(options: LedgerOptions) {
    this.preset = options.preset;
    this.storage = options.storage;
    this.now = options.now ?? Date.now;
    this.rateFor = options.rateFor;
    this.day = { start: this.dayStart(), spend: 0, estimated: false };
  }

  /** Restores what storage holds; a missing or unreadable state starts empty. */
  async load(): Promise<void> {
    if (!this.storage) return;
    let raw: unknown;
    try {
      raw = await this.storage.load();
    } catch {
      return;
    }
    const state = parseState(raw);
    if (!state) return;
    this.balance = state.balance;
    this.last = state.last;
    if (state.day && state.day.start === this.dayStart()) this.day = { ...state.day };
    this.emit();
  }

  rate(model: string): ModelRate | undefined {
    return this.preset.catalogue.find((m) => m.id === model)?.rate ?? this.rateFor?.(model);
  }

  /** Records a finished (or partly finished) request and returns what it cost. */
  record(input: RecordInput): CostRecord {
    const at = this.now();
    const rate = this.rate(input.model);
    let credits: number | undefined;
    let estimated = true;
    if (isNum(input.billing?.creditsCharged)) {
      credits = input.billing.creditsCharged;
      estimated = false;
    } else if (input.images && isNum(rate?.perImage)) {
      credits = input.images * rate.perImage;
    } else if (input.videos && isNum(rate?.perVideo)) {
      credits = input.videos * rate.perVideo;
    } else if (input.usage && isNum(rate?.perToken)) {
      credits = (input.usage.promptTokens + input.usage.completionTokens) * rate.perToken;
    }
    const entry: CostRecord = { at, model: input.model, estimated, ...(credits !== undefined ? { credits: round(credits) } : {}), ...(input.usage ? { usage: input.usage } : {}) };
    this.rollDay();
    if (credits !== undefined) {
      this.sessionSpend = round(this.sessionSpend + credits);
      this.day.spend = round(this.day.spend + credits);
    }
    if (estimated) {
      this.sessionEstimated = true;
      this.day.estimated = true;
    }
    this.last = entry;
    if (isNum(input.billing?.creditsRemaining)) this.balance = { credits: input.billing.creditsRemaining, at };
    this.changed();
    return entry;
  }

  /** Records a balance the gateway reported outside a priced request. */
  recordBalance(billing: Billing): void {
    if (!isNum(billing.creditsRemaining)) return;
    this.balance = { credits: billing.creditsRemaining, at: this.now() };
    this.changed();
  }

  snapshot(): LedgerSnapshot {
    this.rollDay();
    const now = this.now();
    const reset = this.preset.dailyReset;
    const next = reset ? nextResetAt(now, reset) : undefined;
    return {
      providerId: this.preset.id,
      creditUnit: this.preset.creditUnit,
      reportsBalance: this.preset.reportsBalance,
      ...(this.balance ? { balance: { ...this.balance } } : {}),
      balanceStale: !!(this.balance && reset && this.balance.at < lastResetAt(now, reset)),
      ...(this.last ? { lastCost: { ...this.last } } : {}),
      sessionSpend: this.sessionSpend,
      sessionSpendEstimated: this.sessionEstimated,
      todaySpend: this.day.spend,
      todaySpendEstimated: this.day.estimated,
      ...(next !== undefined ? { nextResetAt: next, msUntilReset: next - now } : {}),
    };
  }

  /** When credits next reset (HelyxAI: 00:00 PKT), or undefined for gateways without a reset. */
  nextResetAt(): number | undefined {
    return this.preset.dailyReset ? nextResetAt(this.now(), this.preset.dailyReset) : undefined;
  }

  msUntilReset(): number | undefined {
    const next = this.nextResetAt();
    return next === undefined ? undefined : next - this.now();
  }

  /** What sending would cost at most and at least: prompt counted with the tokenizer, reply bounded by max_tokens. */
  async estimateCost(input: { model: string; messages: readonly Pick<ChatMessage, 'content'>[]; maxTokens?: number; images?: number }): Promise<CostEstimate> {
    const rate = this.rate(input.model);
    const model = this.preset.catalogue.find((m) => m.id === input.model);
    if (input.images !== undefined || (model?.kind === 'image' && isNum(rate?.perImage))) {
      const credits = isNum(rate?.perImage) ? rate.perImage * (input.images ?? 1) : undefined;
      return { promptTokens: 0, maxCompletionTokens: 0, minCredits: credits, maxCredits: credits, estimated: true };
    }
    const promptTokens = await countMessageTokens(input.messages);
    let maxCompletionTokens = input.maxTokens ?? this.preset.defaultMaxTokens ?? model?.maxOutputTokens ?? 2048;
    if (this.preset.maxTokensCap !== undefined) maxCompletionTokens = Math.min(maxCompletionTokens, this.preset.maxTokensCap);
    const perToken = rate?.perToken;
    return {
      promptTokens,
      maxCompletionTokens,
      ...(isNum(perToken)
        ? { minCredits: round(promptTokens * perToken), maxCredits: round((promptTokens + maxCompletionTokens) * perToken) }
        : {}),
      estimated: true,
    };
  }

  /** Whether the last reported balance covers an estimate: 'no' even for an empty reply, 'maybe' if the reply runs long. */
  affordability(estimate: CostEstimate): 'yes' | 'maybe' | 'no' | 'unknown' {
    const snap = this.snapshot();
    if (!snap.balance || snap.balanceStale || estimate.maxCredits === undefined || estimate.minCredits === undefined) return 'unknown';
    if (estimate.minCredits > snap.balance.credits) return 'no';
    if (estimate.maxCredits > snap.balance.credits) return 'maybe';
    return 'yes';
  }

  onDidChange(listener: (snapshot: LedgerSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when everything recorded so far has been handed to storage. */
  flush(): Promise<void> {
    return this.saving;
  }

  private dayStart(): number {
    return lastResetAt(this.now(), this.preset.dailyReset);
  }

  private rollDay(): void {
    const start = this.dayStart();
    if (start !== this.day.start) this.day = { start, spend: 0, estimated: false };
  }

  private changed(): void {
    this.persist();
    this.emit();
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A listener's failure must not stop the others or the request that changed the ledger.
      }
    }
  }

  private persist(): void {
    const storage = this.storage;
    if (!storage) return;
    const state: PersistedState = {
      v: 1,
      ...(this.balance ? { balance: this.balance } : {}),
      day: { ...this.day },
      ...(this.last ? { last: this.last } : {}),
    };
    // Saves run one after another so an older state never overwrites a newer one.
    this.saving = this.saving.then(() => storage.save(state)).catch(() => undefined);
  }
}

function parseState(raw: unknown): PersistedState | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { v?: unknown }).v !== 1) return undefined;
  const r = raw as Record<string, unknown>;
  const state: PersistedState = { v: 1 };
  const balance = r.balance as Record<string, unknown> | undefined;
  if (balance && isNum(balance.credits) && isNum(balance.at)) state.balance = { credits: balance.credits, at: balance.at };
  const day = r.day as Record<string, unknown> | undefined;
  if (day && isNum(day.start) && isNum(day.spend)) state.day = { start: day.start, spend: day.spend, estimated: day.estimated === true };
  const last = r.last as Record<string, unknown> | undefined;
  if (last && isNum(last.at) && typeof last.model === 'string') {
    state.last = { at: last.at, model: last.model, estimated: last.estimated !== false, ...(isNum(last.credits) ? { credits: last.credits } : {}) };
  }
  return state;
}
