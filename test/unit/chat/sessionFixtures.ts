// A chat session wired to the real simulator: the gateway client, turn runner and ledger are the
// extension's own; only what VS Code would supply (settings, modals, globalState) is plain data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatSession } from '../../../src/chat/chatSession';
import type { ChatBackend, SessionPrompts } from '../../../src/chat/sessionPorts';
import { ConversationStore } from '../../../src/chat/conversationStore';
import { BillingLedger } from '../../../src/gateway/ledger';
import { runTurn, type TurnCallbacks, type TurnRequest, type TurnResult } from '../../../src/gateway/turnRunner';
import type { GatewayClient } from '../../../src/gateway/client';
import type { EstimateView, HostToWebview, ModelView } from '../../../src/shared/protocol';
import { estimateLabel } from '../../../src/gateway/creditsText';

export class SimBackend implements ChatBackend {
  model = 'helyx-3.5';
  readonly ledger: BillingLedger;
  /** How long writing the model setting takes (VS Code writes settings asynchronously). */
  settingDelayMs = 30;

  constructor(public client: GatewayClient) {
    this.ledger = new BillingLedger({ preset: client.preset });
  }

  providerId(): string {
    return this.client.preset.id;
  }
  providerLabel(): string {
    return this.client.preset.displayName;
  }
  async hasKey(): Promise<boolean> {
    return true;
  }
  async ensureKey(): Promise<boolean> {
    return true;
  }
  async chatModels(): Promise<ModelView[]> {
    return this.client.preset.catalogue.filter((m) => m.kind === 'chat').map((m) => ({ id: m.id, displayName: m.displayName, kind: m.kind, pro: m.pro, reasoning: m.reasoning }));
  }
  async currentChatModel(): Promise<string> {
    return this.model;
  }
  async setChatModel(id: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.settingDelayMs));
    this.model = id;
  }
  async reasoningSupported(): Promise<boolean> {
    return false;
  }
  credits(): undefined {
    return undefined;
  }
  async estimate(model: string, messages: Parameters<ChatBackend['estimate']>[1]): Promise<EstimateView | undefined> {
    const e = await this.ledger.estimateCost({ model, messages, maxTokens: 256 });
    return { label: estimateLabel(e), exceedsBalance: this.ledger.affordability(e) === 'no' };
  }
  runTurn(request: TurnRequest, callbacks?: TurnCallbacks): Promise<TurnResult> {
    return runTurn({ client: this.client, ledger: this.ledger }, { maxTokens: 256, ...request }, callbacks);
  }
}

export class Prompts implements SessionPrompts {
  overspendAnswer = true;
  asked: string[] = [];
  notices: string[] = [];
  async confirmOverspend(message: string): Promise<boolean> {
    this.asked.push(message);
    return this.overspendAnswer;
  }
  async confirmDelete(): Promise<boolean> {
    return true;
  }
  notify(message: string): void {
    this.notices.push(message);
  }
  warn(message: string): void {
    this.notices.push(message);
  }
}

export class Memory {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

export interface Rig {
  session: ChatSession;
  backend: SimBackend;
  prompts: Prompts;
  memory: Memory;
  store: ConversationStore;
  posted: HostToWebview[];
  dir: string;
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-chat-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function makeSession(client: GatewayClient, dir: string, reuse: Partial<Pick<Rig, 'memory' | 'store'>> = {}): Promise<Rig> {
  const backend = new SimBackend(client);
  const prompts = new Prompts();
  const memory = reuse.memory ?? new Memory();
  const store = reuse.store ?? new ConversationStore(path.join(dir, 'conversations'));
  const posted: HostToWebview[] = [];
  const session = new ChatSession({ backend, store, memory, prompts, log: { warn: () => undefined, error: () => undefined }, broadcast: (m) => posted.push(m) });
  await session.loaded;
  return { session, backend, prompts, memory, store, posted, dir };
}

export function ofType<T extends HostToWebview['type']>(posted: HostToWebview[], type: T): Extract<HostToWebview, { type: T }>[] {
  return posted.filter((m): m is Extract<HostToWebview, { type: T }> => m.type === type);
}

/** Resolves once a message of that type was posted (checked every few ms; the test's timeout bounds it). */
export async function posted(rig: Rig, type: HostToWebview['type']): Promise<void> {
  while (!rig.posted.some((m) => m.type === type)) await new Promise((resolve) => setTimeout(resolve, 5));
}
