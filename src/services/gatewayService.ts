import * as vscode from 'vscode';
import type { CapabilityBook } from '../gateway/capabilities';
import { GatewayClient } from '../gateway/client';
import { estimateLabel } from '../gateway/creditsText';
import { BillingLedger, type LedgerStorage } from '../gateway/ledger';
import { limiterFor, type RateLimiter } from '../gateway/limiter';
import { getPreset } from '../gateway/providers';
import { GatewayError } from '../gateway/errors';
import { runTurn, type TurnCallbacks, type TurnRequest, type TurnResult } from '../gateway/turnRunner';
import { isLocalhost, normalizeBaseUrl } from '../gateway/baseUrl';
import type { ChatMessage, ModelInfo, ProviderPreset, RequestLogEntry } from '../gateway/types';
import type { ProviderId } from '../gateway/providers';
import { baseUrlFor, chatModelSetting, configuredModelIds, currentProvider, maxTokensSetting, networkSettings, temperatureSetting, updateGlobal } from '../config/settings';
import type { KeyStore } from '../keys/keyStore';
import { promptForMissingKey } from '../keys/keyCommands';
import { plainHttpRefused, type PlainHttpConsent } from '../keys/plainHttpConsent';
import type { Log } from '../log/log';
import type { ChatViewBackend } from '../chat/chatController';
import type { CreditsView, EstimateView, ModelView } from '../shared/protocol';

interface ProviderState {
  ledger: BillingLedger;
  limiter: RateLimiter | undefined;
  models?: ModelInfo[];
  client?: { key: string; client: GatewayClient };
}

/** A JSON file per provider under globalStorageUri; small, rewritten whole. */
class FileStorage implements LedgerStorage {
  constructor(private readonly file: vscode.Uri) {}
  async load(): Promise<unknown> {
    try {
      return JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  async save(state: unknown): Promise<void> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.file, '..'));
    await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify(state), 'utf8'));
  }
}

/**
 * The editor's view of the gateway core: which provider, which key, which model; one client,
 * one limiter and one billing ledger per provider, shared by the chat, the code actions, media
 * generation and the language-model provider, so everything is billed and limited in one place.
 */
export class GatewayService implements ChatViewBackend, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly creditsChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCredits = this.creditsChanged.event;
  private readonly providers = new Map<ProviderId, ProviderState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Where clients remember a gateway's refusal of tools (set once at activation). */
  capabilityBook?: CapabilityBook;

  constructor(
    private readonly keys: KeyStore,
    private readonly storageRoot: vscode.Uri,
    private readonly log: Log,
    /** Asks before a key goes over plain http to another machine; absent in tests that build the service bare. */
    private readonly plainHttp?: PlainHttpConsent,
  ) {
    this.subscriptions.push(
      keys.onDidChange((provider) => {
        const state = this.providers.get(provider);
        if (state) {
          state.client = undefined;
          state.models = undefined;
        }
        void this.refreshKnownSecrets();
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('switchboard.baseUrl') || e.affectsConfiguration('switchboard.network')) {
          for (const state of this.providers.values()) {
            state.client = undefined;
            state.models = undefined;
          }
        }
        if (e.affectsConfiguration('switchboard')) this.changed.fire();
        if (e.affectsConfiguration('switchboard.provider')) this.creditsChanged.fire();
      }),
    );
    void this.refreshKnownSecrets();
  }

  private async refreshKnownSecrets(): Promise<void> {
    this.log.setKnownSecrets(await this.keys.all());
  }

  get provider(): ProviderId {
    return currentProvider();
  }

  preset(provider: ProviderId = this.provider): ProviderPreset {
    return getPreset(provider);
  }

  providerId(): ProviderId {
    return this.provider;
  }

  providerLabel(): string {
    return this.preset().displayName;
  }

  baseUrl(provider: ProviderId = this.provider): string {
    return normalizeBaseUrl(baseUrlFor(provider) || this.preset(provider).defaultBaseUrl, provider);
  }

  private state(provider: ProviderId): ProviderState {
    let state = this.providers.get(provider);
    if (!state) {
      const preset = getPreset(provider);
      const ledger = new BillingLedger({
        preset,
        storage: new FileStorage(vscode.Uri.joinPath(this.storageRoot, 'billing', `${provider}.json`)),
        rateFor: (model) => state?.models?.find((m) => m.id === model)?.rate,
      });
      ledger.onDidChange(() => {
        if (provider === this.provider) this.creditsChanged.fire();
      });
      void ledger.load().then(() => this.creditsChanged.fire());
      state = { ledger, limiter: limiterFor(preset.limits) };
      this.providers.set(provider, state);
    }
    return state;
  }

  ledger(provider: ProviderId = this.provider): BillingLedger {
    return this.state(provider).ledger;
  }

  private keyOptional(provider: ProviderId): boolean {
    return this.preset(provider).keyOptionalForLocalhost && isLocalhost(this.baseUrl(provider));
  }

  async hasKey(provider: ProviderId = this.provider): Promise<boolean> {
    return !!(await this.keys.get(provider)) || this.keyOptional(provider);
  }

  async ensureKey(provider: ProviderId = this.provider): Promise<boolean> {
    if (await this.hasKey(provider)) return true;
    await promptForMissingKey(this.keys, provider);
    return this.hasKey(provider);
  }

  /** The client for a provider, or undefined when it has no key (callers ensureKey first). */
  async client(provider: ProviderId = this.provider): Promise<GatewayClient | undefined> {
    const key = (await this.keys.get(provider)) ?? '';
    if (!key && !this.keyOptional(provider)) return undefined;
    const state = this.state(provider);
    if (state.client && state.client.key === key) return state.client.client;
    if (key && this.plainHttp && !(await this.plainHttp.allows(this.baseUrl(provider)))) throw plainHttpRefused(this.baseUrl(provider));
    const net = networkSettings();
    const client = new GatewayClient({
      preset: this.preset(provider),
      baseUrl: this.baseUrl(provider),
      ...(key ? { apiKey: key } : {}),
      idleTimeoutMs: net.idleTimeoutMs,
      requestTimeoutMs: net.requestTimeoutMs,
      maxRetries: net.maxRetries,
      onLog: (entry) => this.logRequest(provider, entry),
      ...(state.limiter ? { limiter: state.limiter } : {}),
      ...(this.capabilityBook ? { capabilities: this.capabilityBook } : {}),
    });
    state.client = { key, client };
    return client;
  }

  private logRequest(provider: ProviderId, e: RequestLogEntry): void {
    const parts = [`${provider} ${e.method} ${e.path}`, e.status !== undefined ? String(e.status) : 'no response', `${Math.round(e.ms)} ms`];
    if (e.model) parts.push(e.model);
    if (e.usage) parts.push(`${e.usage.promptTokens}+${e.usage.completionTokens} tok`);
    if (e.billing?.creditsCharged !== undefined) parts.push(`${e.billing.creditsCharged} cr charged`);
    if (e.billing?.creditsRemaining !== undefined) parts.push(`${e.billing.creditsRemaining} cr left`);
    if (e.error) parts.push(e.error);
    const line = parts.join(' · ');
    if (e.error || (e.status !== undefined && e.status >= 400)) this.log.warn(line);
    else this.log.info(line);
  }

  /** All models of a provider: the gateway's list merged with the preset's catalogue. */
  async models(provider: ProviderId = this.provider, refresh = false): Promise<ModelInfo[]> {
    const state = this.state(provider);
    if (state.models && !refresh) return state.models;
    try {
      const client = await this.client(provider);
      if (!client) return this.preset(provider).catalogue;
      state.models = await client.listModels({ refresh, fallbackIds: configuredModelIds() });
    } catch (err) {
      this.log.warn(`Could not list models of ${this.preset(provider).displayName}: ${err instanceof Error ? err.message : String(err)}`);
      return this.preset(provider).catalogue;
    }
    if (refresh) this.changed.fire();
    return state.models;
  }

  async chatModelInfos(provider: ProviderId = this.provider): Promise<ModelInfo[]> {
    return (await this.models(provider)).filter((m) => m.kind === 'chat');
  }

  async chatModels(): Promise<ModelView[]> {
    return (await this.chatModelInfos()).map(toModelView);
  }

  async currentChatModel(): Promise<string> {
    const setting = chatModelSetting();
    if (setting) return setting;
    const preset = this.preset();
    return preset.defaultModel ?? (await this.chatModelInfos())[0]?.id ?? 'default';
  }

  async setChatModel(id: string): Promise<void> {
    await updateGlobal('model', id);
  }

  async reasoningSupported(modelId: string): Promise<boolean> {
    if (!this.preset().supportsReasoningFlag) return false;
    return !!(await this.models()).find((m) => m.id === modelId)?.reasoning;
  }

  maxTokens(provider: ProviderId = this.provider): number {
    const cap = this.preset(provider).maxTokensCap;
    const wanted = maxTokensSetting();
    return cap ? Math.min(cap, wanted) : wanted;
  }

  credits(): CreditsView | undefined {
    const snap = this.ledger().snapshot();
    const preset = this.preset();
    const balance = snap.balance && !snap.balanceStale ? snap.balance : undefined;
    return {
      providerLabel: preset.displayName,
      unit: snap.creditUnit,
      ...(balance ? { balance: balance.credits, balanceAt: balance.at } : {}),
      ...(snap.lastCost?.credits !== undefined ? { lastCost: { credits: snap.lastCost.credits, estimated: snap.lastCost.estimated } } : {}),
      spentToday: snap.todaySpend,
      spentSession: snap.sessionSpend,
      estimated: !snap.reportsBalance || snap.todaySpendEstimated,
      ...(snap.nextResetAt !== undefined ? { nextResetAt: snap.nextResetAt } : {}),
    };
  }

  async estimate(modelId: string, messages: ChatMessage[]): Promise<EstimateView | undefined> {
    const ledger = this.ledger();
    const estimate = await ledger.estimateCost({ model: modelId, messages, maxTokens: this.maxTokens() });
    return {
      label: estimateLabel(estimate),
      ...(estimate.maxCredits !== undefined ? { maxCredits: estimate.maxCredits } : {}),
      exceedsBalance: estimate.maxCredits !== undefined && ledger.affordability(estimate) === 'no',
    };
  }

  /**
   * One turn through the provider's client (its limiter and retries) and ledger, with the user's
   * max tokens and temperature unless the request says otherwise. Every surface streams through here.
   */
  async runTurn(request: TurnRequest, callbacks: TurnCallbacks = {}, provider: ProviderId = this.provider): Promise<TurnResult> {
    const client = await this.client(provider);
    if (!client) {
      const label = this.preset(provider).displayName;
      const error = new GatewayError({ kind: 'unauthorized', explanation: `Switchboard has no ${label} API key: set one with "Switchboard: Set API Key".`, action: 'set-key', retryable: false });
      return { status: 'failed', text: '', reasoning: '', toolCalls: [], error };
    }
    return runTurn(
      { client, ledger: this.ledger(provider) },
      { maxTokens: this.maxTokens(provider), temperature: temperatureSetting(), ...request },
      callbacks,
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const state of this.providers.values()) void state.ledger.flush();
    this.changed.dispose();
    this.creditsChanged.dispose();
  }
}

export function toModelView(m: ModelInfo): ModelView {
  return {
    id: m.id,
    displayName: m.displayName,
    kind: m.kind,
    ...(m.rate?.label ? { rateLabel: m.rate.label } : {}),
    pro: m.pro,
    reasoning: m.reasoning,
  };
}
