import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../gateway/providers';

const secretId = (provider: ProviderId): string => `switchboard.apiKey.${provider}`;

/** API keys live in SecretStorage only: one per provider, never in settings, logs or the webview. */
export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly cache = new Map<ProviderId, string | undefined>();
  /** Work that reads must wait for (the demo-key import); settled when there is none. */
  private settled: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Another window may set or remove a key; SecretStorage tells us so every window stays in step.
    this.subscription = secrets.onDidChange((e) => {
      const provider = e.key.replace('switchboard.apiKey.', '') as ProviderId;
      if (e.key.startsWith('switchboard.apiKey.')) {
        this.cache.delete(provider);
        this.changed.fire(provider);
      }
    });
  }

  /**
   * Runs `work` (the demo-key import) without holding up whoever started it; until it settles every
   * read waits, so nothing sees a key the import is about to replace. `work` reads unguarded.
   */
  update<T>(work: (store: Pick<KeyStore, 'get' | 'set'>) => Promise<T>): Promise<T> {
    const done = work({ get: (provider) => this.read(provider), set: (provider, key) => this.set(provider, key) });
    this.settled = done.catch(() => undefined);
    return done;
  }

  async get(provider: ProviderId): Promise<string | undefined> {
    await this.settled;
    return this.read(provider);
  }

  private async read(provider: ProviderId): Promise<string | undefined> {
    if (this.cache.has(provider)) return this.cache.get(provider);
    const value = (await this.secrets.get(secretId(provider))) || undefined;
    this.cache.set(provider, value);
    return value;
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    await this.secrets.store(secretId(provider), key.trim());
    this.cache.set(provider, key.trim());
    this.changed.fire(provider);
  }

  async remove(provider: ProviderId): Promise<void> {
    await this.secrets.delete(secretId(provider));
    this.cache.set(provider, undefined);
    this.changed.fire(provider);
  }

  /** Every key we hold, so the log can mask them even if one slips into a message. */
  async all(): Promise<string[]> {
    const keys = await Promise.all(PROVIDER_IDS.map((p) => this.get(p)));
    return keys.filter((k): k is string => !!k);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
